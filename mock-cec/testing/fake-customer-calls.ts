import type {
  AnswerOutcome,
  CallLeg,
  CustomerCalls,
  DialRequest,
  LegEndReason,
  LegEvents,
} from '../domain/calls/customer-calls.ts';
import { LocalCallMixer } from '../telephony/media/local-call-mixer.ts';
import type { AudioTap, CallMixer, MediaRoute, MediaStats } from '../telephony/media/media-engine.ts';
import type { MixPort } from '../telephony/media/mixer.ts';

type Listeners = { [E in keyof LegEvents]: LegEvents[E][] };

/**
 * A fake leg to an agent's softphone: the test plays the softphone (ring,
 * answer, hang up, reject) and sees what the ACD asked of it. Events fire
 * synchronously, so tests read as a sequence.
 */
export class FakeLeg implements CallLeg {
  readonly sipCallId: string;
  state: 'dialing' | 'ringing' | 'answered' | 'ended' = 'dialing';
  endReason?: LegEndReason;
  answerRequests = 0;
  hangups = 0;
  readonly #listeners: Listeners = { ringing: [], answered: [], ended: [] };

  constructor(
    readonly request: DialRequest,
    index: number,
    private readonly owner: FakeCustomerCalls,
  ) {
    this.sipCallId = `fake-leg-${index}@mock-cec.invalid`;
  }

  on<E extends keyof LegEvents>(event: E, listener: LegEvents[E]): void {
    this.#listeners[event].push(listener);
  }

  /** The softphone sends 180 Ringing. */
  ring(): this {
    if (this.state !== 'dialing') throw new Error(`cannot ring a ${this.state} leg`);
    this.state = 'ringing';
    for (const l of this.#listeners.ringing) l();
    return this;
  }

  /** The softphone answers (200 OK, ACK). */
  answer(): this {
    if (this.state === 'ended' || this.state === 'answered')
      throw new Error(`cannot answer a ${this.state} leg`);
    this.state = 'answered';
    for (const l of this.#listeners.answered) l();
    return this;
  }

  /** The leg ends from the far side: the agent hangs up, rejects, or the network fails. */
  end(reason: LegEndReason, status?: number): this {
    if (this.state === 'ended') return this;
    this.state = 'ended';
    this.endReason = reason;
    for (const l of this.#listeners.ended) l(reason, status);
    return this;
  }

  async hangup(): Promise<void> {
    this.hangups++;
    this.end(this.state === 'answered' ? 'customer-hangup' : 'cancelled');
  }

  async requestAnswer(): Promise<AnswerOutcome> {
    this.answerRequests++;
    if (this.owner.refuseRemoteAnswer) return { ok: false, why: this.owner.refuseRemoteAnswer };
    // A softphone that honours the remote-answer request answers a ringing call.
    if (this.owner.honourRemoteAnswer && this.state === 'ringing') this.answer();
    return { ok: true };
  }

  mediaStats(): MediaStats | undefined {
    return undefined;
  }

  /** The directions of the re-INVITEs the CEC sent, in order. */
  readonly reinvites: ('sendrecv' | 'inactive')[] = [];
  /** The routes the hub set, in order. */
  readonly routes: MediaRoute[] = [];

  async reinvite(direction: 'sendrecv' | 'inactive'): Promise<AnswerOutcome> {
    this.reinvites.push(direction);
    if (this.state !== 'answered') return { ok: false, why: `the leg is ${this.state}` };
    return this.owner.refuseReinvite ? { ok: false, why: this.owner.refuseReinvite } : { ok: true };
  }

  setRoute(route: MediaRoute): void {
    this.routes.push(route);
  }

  /** The recorder's tap while one records the leg: a test feeds it audio. */
  tap: AudioTap | undefined;

  record(tap: AudioTap | undefined): void {
    this.tap = tap;
  }

  /** The route the hub set last (open when it set none). */
  get route(): MediaRoute {
    return this.routes.at(-1) ?? { send: true, hear: 'peer' };
  }

  /** The mixer port the ACD joined the leg to, if any. */
  mix: MixPort | undefined;

  setMix(port: MixPort | undefined): void {
    this.mix = port;
  }
}

/**
 * An in-memory `CustomerCalls` for tests: softphones are "registered" by the
 * test, every dial becomes a FakeLeg the test drives. Optionally rings at once
 * (`autoRing`), as a registered softphone would.
 */
export class FakeCustomerCalls implements CustomerCalls {
  readonly legs: FakeLeg[] = [];
  readonly #registered = new Set<string>();
  /** Answer when the ACD asks the softphone to (the bar's Answer, autoanswer). */
  honourRemoteAnswer = true;
  /** Refuse being asked, with this reason (a phone that answers the NOTIFY with 481). */
  refuseRemoteAnswer?: string;
  /** Refuse re-INVITEs with this reason (a phone that answers 488). */
  refuseReinvite?: string;
  /** Send 180 Ringing as soon as a leg is dialled. */
  autoRing = false;
  /** Told of every new leg (after autoRing). */
  onDial?: (leg: FakeLeg) => void;
  /** The calls (media groups) whose mixer was asked for, in order. */
  readonly mixers: string[] = [];

  register(tenant: string, sipAccount: string): this {
    this.#registered.add(`${tenant}/${sipAccount}`);
    return this;
  }

  unregister(tenant: string, sipAccount: string): this {
    this.#registered.delete(`${tenant}/${sipAccount}`);
    return this;
  }

  isRegistered(tenant: string, sipAccount: string): boolean {
    return this.#registered.has(`${tenant}/${sipAccount}`);
  }

  dial(request: DialRequest): CallLeg {
    const leg = new FakeLeg(request, this.legs.length + 1, this);
    this.legs.push(leg);
    if (this.autoRing) queueMicrotask(() => leg.state === 'dialing' && leg.ring());
    this.onDial?.(leg);
    return leg;
  }

  /** A call's mixer, as the media engine gives it (here: one in this process). */
  mixer(group: string): CallMixer {
    this.mixers.push(group);
    return new LocalCallMixer();
  }

  /** The newest leg to a softphone number. */
  lastLegTo(sipAccount: string): FakeLeg | undefined {
    return this.legs.findLast((l) => l.request.toSipAccount === sipAccount);
  }

  get lastLeg(): FakeLeg | undefined {
    return this.legs.at(-1);
  }
}
