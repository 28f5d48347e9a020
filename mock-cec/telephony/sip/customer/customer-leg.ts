import type {
  AnswerOutcome,
  CallLeg,
  CustomerBehaviour,
  LegEndReason,
  LegEvents,
} from '../../../domain/calls/customer-calls.ts';
import type { Cancel } from '../../../infrastructure/primitives/timers.ts';
import {
  type AudioTap,
  type MediaRoute,
  type MediaSession,
  type MediaStats,
  OPEN_ROUTE,
  type PendingOffer,
} from '../../media/media-engine.ts';
import type { MixPort } from '../../media/mixer.ts';
import type { SipRequest } from '../core/message.ts';
import type { Dialog } from './dialog.ts';
import { type LegMove, type LegState, legTransition } from './leg-state.ts';

/** What a leg asks of the UA that owns it. */
export interface LegController {
  hangup(leg: CustomerLeg): Promise<void>;
  requestAnswer(leg: CustomerLeg): Promise<AnswerOutcome>;
  reinvite(leg: CustomerLeg, direction: 'sendrecv' | 'inactive'): Promise<AnswerOutcome>;
  moved(leg: CustomerLeg, from: LegState, to: LegState): void;
}

/**
 * One call leg of the simulated customer: to an agent's softphone (the
 * customer calls in) or from one (the agent calls a customer number).
 */
export class CustomerLeg implements CallLeg {
  state: LegState = 'calling';
  endReason?: LegEndReason;
  endStatus?: number;
  answeredAt?: number;
  endedAt?: number;
  /** The INVITE of this leg (ours or the agent's). */
  invite?: SipRequest;
  /** An outgoing INVITE got a first response: a CANCEL may now be sent (RFC 3261 §9.1). */
  heardBack = false;
  cancelWanted = false;
  answerWanted = false;
  /** DTMF keys the customer received, in order (RFC 4733 or SIP INFO). */
  digits = '';
  /** The media while the leg lives; an ended leg lets go of it (releaseMedia) and keeps its last figures. */
  pending?: PendingOffer;
  #session?: MediaSession;
  #mix?: MixPort;
  #mediaAtEnd?: MediaStats;
  readonly timers: Cancel[] = [];
  /** Our side's SDP of the session as last offered or answered: re-INVITEs re-offer it (RFC 3264 §8). */
  localSdp?: string;
  /** A re-INVITE of ours waiting for its final response. */
  reinviting?: { readonly seq: number; readonly settle: (outcome: AnswerOutcome) => void };
  /** The CEC hub's route (hold, mute) and the phone's own hold, combined into the session's route. */
  hubRoute: MediaRoute = OPEN_ROUTE;
  phoneRoute: MediaRoute = OPEN_ROUTE;
  /** The recorder's tap, kept so media set up later is recorded too. */
  tap?: AudioTap;
  #listeners: { [E in keyof LegEvents]: LegEvents[E][] } = { ringing: [], answered: [], ended: [] };

  readonly direction: 'to-agent' | 'from-agent';
  readonly tenant: string;
  /** Caller and callee numbers as dialled. */
  readonly from: string;
  readonly to: string;
  readonly behaviour: CustomerBehaviour;
  readonly dialog: Dialog;
  readonly startedAt: number;

  constructor(
    private readonly controller: LegController,
    o: Pick<CustomerLeg, 'direction' | 'tenant' | 'from' | 'to' | 'behaviour' | 'dialog' | 'startedAt'>,
  ) {
    this.direction = o.direction;
    this.tenant = o.tenant;
    this.from = o.from;
    this.to = o.to;
    this.behaviour = o.behaviour;
    this.dialog = o.dialog;
    this.startedAt = o.startedAt;
  }

  get sipCallId(): string {
    return this.dialog.callId;
  }

  on<E extends keyof LegEvents>(event: E, listener: LegEvents[E]): void {
    // An ended leg has nothing more to say: a listener would only be kept.
    if (this.state !== 'ended') this.#listeners[event].push(listener);
  }

  hangup(): Promise<void> {
    return this.controller.hangup(this);
  }

  requestAnswer(): Promise<AnswerOutcome> {
    return this.controller.requestAnswer(this);
  }

  reinvite(direction: 'sendrecv' | 'inactive'): Promise<AnswerOutcome> {
    return this.controller.reinvite(this, direction);
  }

  setRoute(route: MediaRoute): void {
    this.hubRoute = route;
    this.applyRoute();
  }

  record(tap: AudioTap | undefined): void {
    this.tap = tap;
    this.session?.setTap(tap);
  }

  /** The phone held (or resumed) the call itself: its re-INVITE's direction, seen from the customer. */
  setPhoneRoute(route: MediaRoute): void {
    this.phoneRoute = route;
    this.applyRoute();
  }

  /** Both routes at once: audio goes out only when both let it, the customer hears the party only when both do. */
  applyRoute(): void {
    const hub = this.hubRoute;
    const phone = this.phoneRoute;
    const hear = hub.hear !== 'peer' ? hub.hear : phone.hear;
    this.session?.setRoute({ send: hub.send && phone.send, hear });
  }

  mediaStats(): MediaStats | undefined {
    return this.session?.stats() ?? this.#mediaAtEnd;
  }

  get session(): MediaSession | undefined {
    return this.#session;
  }

  /** The leg's media; a leg joined to a mixer before its media was up joins it now. */
  set session(session: MediaSession | undefined) {
    this.#session = session;
    if (session && this.#mix) session.setMix(this.#mix);
    if (session && this.tap) session.setTap(this.tap);
  }

  setMix(port: MixPort | undefined): void {
    this.#mix = port;
    this.#session?.setMix(port);
  }

  /**
   * The leg has ended and its media is closed: keep the media's last figures
   * (the control API and scenarios read them) and let go of the session, whose
   * peer connection, sockets and audio buffers are most of a call's memory.
   */
  releaseMedia(): void {
    if (this.session) this.#mediaAtEnd = this.session.stats();
    this.session = undefined;
    this.pending = undefined;
  }

  /** Move the state machine; false (and nothing happens) for a move it refuses. */
  move(move: LegMove, now: number, reason?: LegEndReason, status?: number): boolean {
    const t = legTransition(this.state, move);
    if (!t.ok) return false;
    const from = this.state;
    this.state = t.state;
    if (t.state === 'answered' && from !== 'answered') this.answeredAt = now;
    if (t.state === 'ended') {
      this.endedAt = now;
      this.endReason = reason ?? 'failed';
      this.endStatus = status;
      for (const cancel of this.timers.splice(0)) cancel();
    }
    this.controller.moved(this, from, t.state);
    if (from === t.state) return true;
    if (t.state === 'ringing') for (const l of this.#listeners.ringing) l();
    else if (t.state === 'answered') for (const l of this.#listeners.answered) l();
    else if (t.state === 'ended') {
      for (const l of this.#listeners.ended) l(this.endReason!, status);
      // Said once: the listeners (the ACD's, holding its call record) go with it.
      this.#listeners = { ringing: [], answered: [], ended: [] };
    }
    return true;
  }

  /** What the control API shows. */
  view() {
    return {
      callId: this.sipCallId,
      direction: this.direction,
      tenant: this.tenant,
      from: this.from,
      to: this.to,
      state: this.state,
      startedAt: this.startedAt,
      answeredAt: this.answeredAt,
      endedAt: this.endedAt,
      endReason: this.endReason,
      endStatus: this.endStatus,
      digits: this.digits,
      media: this.mediaStats(),
    };
  }
}

/** The leg's end reason for a final status of the callee (RFC 3261 §21). */
export function endReasonOf(status: number): LegEndReason {
  if (status === 487) return 'cancelled';
  if ([404, 410, 480, 484, 604].includes(status)) return 'unreachable';
  if (status === 408 || status >= 500) return status >= 600 ? 'rejected' : 'failed';
  return 'rejected';
}
