import { type MediaRoute, OPEN_ROUTE } from '../../telephony/media/media-engine.ts';
import { type CallModel, customerOf, hearing, legDirection } from './call-model.ts';

/** What a party's leg carries: its SDP direction, and how the hub routes it for the customer. */
export interface LegPlan {
  direction: 'sendrecv' | 'inactive';
  route: MediaRoute;
}

/**
 * Read the call model for one party's leg (decision record 007). The
 * simulated customer's UA places every leg and is the CEC's media hub, so a
 * leg's route is seen from the customer: its audio goes out on the leg when
 * the party hears the customer, and the customer hears the party when the
 * model says so — or the hold tone while the customer is held. A leg in the
 * call's mixer (`mixed`: consult, three-party, an outside party) keeps the
 * open route: the mixer's routes (mix-routes.ts, read from the same model)
 * say who hears whom, so hold and mute take one path there too.
 */
export function legPlan(model: CallModel, party: string, mixed = false): LegPlan {
  if (mixed) return { direction: legDirection(model, party), route: OPEN_ROUTE };
  const customer = customerOf(model);
  const heardByParty = hearing(model, party);
  const heardByCustomer = customer ? hearing(model, customer.id) : { kind: 'silence' as const };
  const hear: MediaRoute['hear'] =
    heardByCustomer.kind === 'hold-tone'
      ? 'hold-tone'
      : heardByCustomer.kind === 'parties' && heardByCustomer.ids.includes(party)
        ? 'peer'
        : heardByCustomer.kind === 'ringback'
          ? 'peer'
          : 'nothing';
  return {
    direction: legDirection(model, party),
    route: {
      send:
        customer !== undefined && heardByParty.kind === 'parties' && heardByParty.ids.includes(customer.id),
      hear,
    },
  };
}

/** Whether two plans differ in what the wire or the media must do. */
export function samePlan(a: LegPlan, b: LegPlan): boolean {
  return a.direction === b.direction && a.route.send === b.route.send && a.route.hear === b.route.hear;
}
