import { CUSTOMER, HOLD_TONE, type Route } from '../../telephony/media/mixer.ts';
import { type CallModel, hearing } from './call-model.ts';

/**
 * The call model's "who hears whom" as the simulated customer's mixer routes
 * (media/mixer.ts): for the customer and each party with a leg in the mixer,
 * a [from, to] route from every party it hears that the mixer can reach. The
 * model's customer party is the mixer's customer. A held party gets the hold
 * tone (`[HOLD_TONE, party]`); one hearing ringback or silence gets no route:
 * the mixer sends it silence.
 */
export function mixRoutes(model: CallModel, legParties: readonly string[]): Route[] {
  const reachable = new Set([CUSTOMER, ...legParties]);
  const routes: Route[] = [];
  for (const listener of [CUSTOMER, ...legParties]) {
    const heard = hearing(model, listener);
    if (heard.kind === 'hold-tone') routes.push([HOLD_TONE, listener]);
    if (heard.kind !== 'parties') continue;
    for (const from of heard.ids) if (reachable.has(from)) routes.push([from, listener]);
  }
  return routes;
}
