import type { Logger } from '../../infrastructure/primitives/logger.ts';
import type { Cancel } from '../../infrastructure/primitives/timers.ts';
import type { TenantRuntime } from '../../infrastructure/state/tenant-runtime.ts';
import { LocalCallMixer } from '../../telephony/media/local-call-mixer.ts';
import {
  type CallMixer,
  type MediaSource,
  OPEN_ROUTE,
  type OutsidePartyStats,
} from '../../telephony/media/media-engine.ts';
import type { Flow } from '../../telephony/media/mixer.ts';
import { OUTSIDE_TONE_HZ } from '../../telephony/media/outside-party.ts';
import type {
  AnswerOutcome,
  CallLeg,
  CustomerCalls,
  DialRequest,
  LegEndReason,
} from '../calls/customer-calls.ts';
import type { CallModel } from './call-model.ts';
import { mixRoutes } from './mix-routes.ts';

/** What the ACD does when a leg it listens to moves; each gets a fresh correlation id. */
export interface LegHandlers {
  ringing(corr: string): void;
  answered(corr: string): void;
  ended(reason: LegEndReason, corr: string): void;
}

export interface CallLegsContext {
  tenant: TenantRuntime;
  calls: CustomerCalls;
  nextCorr(): string;
  logger: Logger;
}

/** An answered outside number: what its mixer needs to make it there (in a media worker, maybe). */
interface Outside {
  /** The customer's voice it is given, as the call's legs play it. */
  source: MediaSource;
  frequencyHz?: number;
}

interface Slot {
  readonly leg: CallLeg;
  /** Whether the party's agent has been told that its phone alerts. */
  alerted: boolean;
}

/**
 * The SIP side of the call model (docs/decisions/007-call-model.md): one leg
 * per party of a call that has a phone (an agent, an outside number), placed
 * by the simulated customer's UA, which stands for the CEC's media hub; and the
 * call's timers (ring timeout, a customer who answers or hangs up later). Once
 * the ACD lets go of a leg (detach), its later events are stale and dropped.
 */
export class CallLegs {
  readonly #legs = new Map<string, Map<string, Slot>>();
  readonly #timers = new Map<string, Cancel[]>();
  /** The customer's mixer of a call with more than one leg (consult, three-party). */
  readonly #mixers = new Map<string, CallMixer>();
  /**
   * Parties that live in the simulated customer itself, not on a SIP leg:
   * answered outside numbers. Each is made beside the call's mixer, where
   * the call's media runs (CallMixer.addOutside).
   */
  readonly #outside = new Map<string, Map<string, Outside>>();

  constructor(private readonly ctx: CallLegsContext) {}

  /** Place a party's leg; undefined when the SIP side could not even start it (logged). */
  dial(callId: string, party: string, request: DialRequest, on: LegHandlers): CallLeg | undefined {
    let leg: CallLeg;
    try {
      // The call's legs and its mixer share a media worker (decision record 008).
      leg = this.ctx.calls.dial({ ...request, mediaGroup: callId });
    } catch (err) {
      this.ctx.logger.error('dial failed', { call: callId, party, error: String(err) });
      return undefined;
    }
    const slots = this.#legs.get(callId) ?? new Map<string, Slot>();
    this.#legs.set(callId, slots);
    slots.set(party, { leg, alerted: false });
    const live = (fn: (corr: string) => void) => () => {
      if (this.leg(callId, party) === leg) fn(this.ctx.nextCorr());
    };
    leg.on('ringing', live(on.ringing));
    leg.on('answered', live(on.answered));
    leg.on('ended', (reason) => live((c) => on.ended(reason, c))());
    return leg;
  }

  leg(callId: string, party: string): CallLeg | undefined {
    return this.#legs.get(callId)?.get(party)?.leg;
  }

  /** The call's legs by party. */
  legs(callId: string): ReadonlyMap<string, CallLeg> {
    return new Map([...(this.#legs.get(callId) ?? [])].map(([p, s]) => [p, s.leg]));
  }

  /** True the first time it is asked for a party's leg: tell the agent once that its phone alerts. */
  firstAlert(callId: string, party: string): boolean {
    const slot = this.#legs.get(callId)?.get(party);
    if (!slot || slot.alerted) return false;
    slot.alerted = true;
    return true;
  }

  /** Stop listening to one party's leg (its later events are stale) and hand it back. */
  detach(callId: string, party: string): CallLeg | undefined {
    const slots = this.#legs.get(callId);
    const slot = slots?.get(party);
    slots?.delete(party);
    if (slots?.size === 0) this.#legs.delete(callId);
    return slot?.leg;
  }

  /**
   * Make the customer's media follow the model (consult, three-party, an
   * outside party): once a call has a second leg, or an outside party, its
   * legs join a mixer in the simulated customer and the routes say who hears
   * whom (mix-routes.ts). A leg joining the mixer gets the open route: from
   * then on the mixer, not the leg's route, decides what it hears and sends.
   * A two-party call that never had a second leg is left alone: its leg sends
   * the customer's voice as ever.
   */
  remix(callId: string, model: CallModel): void {
    const slots = this.#legs.get(callId);
    const outside = this.#outside.get(callId);
    let mixer = this.#mixers.get(callId);
    if (!mixer) {
      if ((slots?.size ?? 0) < 2 && (outside?.size ?? 0) === 0) return;
      mixer = this.ctx.calls.mixer?.(callId) ?? new LocalCallMixer();
      this.#mixers.set(callId, mixer);
    }
    for (const party of mixer.parties) {
      if (!slots?.has(party) && !outside?.has(party)) mixer.leave(party);
    }
    for (const [party, slot] of slots ?? []) {
      if (mixer.parties.includes(party)) continue;
      slot.leg.setRoute(OPEN_ROUTE);
      slot.leg.setMix(mixer.join(party));
    }
    for (const [party, o] of outside ?? []) {
      if (!mixer.parties.includes(party)) mixer.addOutside(party, o.source, o.frequencyHz);
    }
    mixer.route(mixRoutes(model, mixer.parties));
  }

  /** Whether the call's legs are mixed (their routes are the mixer's). */
  mixed(callId: string): boolean {
    return this.#mixers.has(callId);
  }

  /**
   * An outside number answered: it joins the call's mixer at the next remix
   * and talks from then on, hearing the customer's voice made from `source`
   * (the call's own), wherever the mixer runs.
   */
  addOutside(callId: string, party: string, source: MediaSource, frequencyHz?: number): void {
    const members = this.#outside.get(callId) ?? new Map<string, Outside>();
    this.#outside.set(callId, members);
    // A party answering again replaces the one before: the next remix makes it anew.
    if (members.has(party)) this.#mixers.get(callId)?.leave(party);
    members.set(party, frequencyHz === undefined ? { source } : { source, frequencyHz });
  }

  /** The outside party hung up or was hung up on: it stops now and leaves the mixer (remix next). */
  dropOutside(callId: string, party: string): void {
    const members = this.#outside.get(callId);
    if (!members?.delete(party)) return;
    if (members.size === 0) this.#outside.delete(callId);
    const mixer = this.#mixers.get(callId);
    if (mixer?.parties.includes(party)) mixer.leave(party);
  }

  /** What each outside party of the call sent and heard (nothing yet before it joined the mixer). */
  outsideStats(callId: string): OutsidePartyStats[] {
    const stats = this.#mixers.get(callId)?.outsideStats() ?? [];
    return [...(this.#outside.get(callId) ?? [])].map(
      ([party, o]) =>
        stats.find((s) => s.party === party) ?? {
          party,
          frequencyHz: o.frequencyHz ?? OUTSIDE_TONE_HZ,
          framesSent: 0,
          framesHeard: 0,
          energyHeard: 0,
        },
    );
  }

  /** What the call's mixer carried between each pair of parties (none for a call without one). */
  flows(callId: string): Flow[] {
    return this.#mixers.get(callId)?.flows() ?? [];
  }

  /** Whether flows() counts under the mixer's last change (CallMixer.settled; true without a mixer). */
  mixSettled(callId: string): boolean {
    return this.#mixers.get(callId)?.settled() ?? true;
  }

  /** Let go of every leg of the call and cancel its timers; the legs come back to hang up or not. */
  detachAll(callId: string): CallLeg[] {
    this.#outside.delete(callId);
    this.#mixers.get(callId)?.close();
    this.#mixers.delete(callId);
    this.cancelTimers(callId);
    const legs = [...(this.#legs.get(callId)?.values() ?? [])].map((s) => s.leg);
    this.#legs.delete(callId);
    return legs;
  }

  /** Detach every leg of the call and hang each up. */
  dropAll(callId: string): void {
    for (const leg of this.detachAll(callId)) this.hangup(leg);
  }

  hangup(leg: CallLeg | undefined): void {
    leg?.hangup().catch((err: unknown) => {
      this.ctx.logger.warn('hangup failed', { sipCallId: leg.sipCallId, error: String(err) });
    });
  }

  /** Ask a softphone to answer; a refusal or failure is logged and comes back as an outcome. */
  requestAnswer(leg: CallLeg): Promise<AnswerOutcome> {
    return leg.requestAnswer().then(
      (outcome) => {
        if (!outcome.ok)
          this.ctx.logger.warn('softphone not answered', { sipCallId: leg.sipCallId, why: outcome.why });
        return outcome;
      },
      (err: unknown) => {
        this.ctx.logger.warn('requestAnswer failed', { sipCallId: leg.sipCallId, error: String(err) });
        return { ok: false, why: String(err) };
      },
    );
  }

  /** A timer of the call, on the tenant's clock, cancelled with the call's timers. */
  after(callId: string, ms: number, fn: (corr: string) => void): void {
    const cancel = this.ctx.tenant.timers.after(ms, () => fn(this.ctx.nextCorr()));
    const list = this.#timers.get(callId);
    if (list) list.push(cancel);
    else this.#timers.set(callId, [cancel]);
  }

  cancelTimers(callId: string): void {
    for (const cancel of this.#timers.get(callId) ?? []) cancel();
    this.#timers.delete(callId);
  }

  /** Hang up everything (tenant reset). */
  clear(): void {
    for (const id of [...this.#legs.keys(), ...this.#timers.keys(), ...this.#outside.keys()])
      this.dropAll(id);
  }
}
