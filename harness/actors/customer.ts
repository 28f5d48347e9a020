import { type AudioFigures, NO_AUDIO } from '../softphone/audio-figures.ts';
import type { Cec } from './cec.ts';
import type { BehaviourInput, CallView, LegView, MediaStats } from './control-types.ts';

export interface CustomerOptions {
  /** For messages and scenario files: "alice". */
  name: string;
  /** The caller ID (default: the control API's). */
  from?: string;
  /** How the customer behaves on its calls: media source, mode, hang-up timer (mock-cec's CustomerBehaviour). */
  behaviour?: BehaviourInput;
}

/**
 * A simulated customer, driven through the control API: it calls a skill
 * queue (the ACD picks the agent) or an agent's softphone directly, hangs up,
 * and reports its leg's media figures (the simulator's own counters).
 */
export class Customer {
  readonly calls: CustomerCall[] = [];

  constructor(
    readonly cec: Cec,
    readonly options: CustomerOptions,
  ) {}

  get name(): string {
    return this.options.name;
  }

  /** Call a skill queue (default: the tenant's first skill), with call data an IVR collected. */
  async callQueue(
    o: { skillId?: number; behaviour?: BehaviourInput; callData?: string } = {},
  ): Promise<CustomerCall> {
    const view = await this.cec.placeCall({
      skillId: o.skillId,
      callData: o.callData,
      from: this.options.from,
      behaviour: { ...this.options.behaviour, ...o.behaviour },
    });
    return this.#add(new CustomerCall(this, 'queue', view.id, view.sipCallId ?? undefined));
  }

  /** Dial an agent's softphone directly, past the ACD. */
  async dial(agent: { workNo: number }, o: { behaviour?: BehaviourInput } = {}): Promise<CustomerCall> {
    const leg = await this.cec.dial(
      { workNo: agent.workNo },
      { from: this.options.from, behaviour: { ...this.options.behaviour, ...o.behaviour } },
    );
    return this.#add(new CustomerCall(this, 'direct', leg.callId, leg.callId));
  }

  /** The newest call, if any. */
  get last(): CustomerCall | undefined {
    return this.calls.at(-1);
  }

  /** Hang up every call still up (the fixtures' clean-up). */
  async hangupAll(): Promise<void> {
    for (const call of this.calls) await call.hangupIfUp();
  }

  #add(call: CustomerCall): CustomerCall {
    this.calls.push(call);
    return call;
  }
}

/** One call of a customer: through a queue (the CEC's call, id = the vendor's callid) or a direct SIP leg. */
export class CustomerCall {
  constructor(
    readonly customer: Customer,
    readonly kind: 'queue' | 'direct',
    readonly id: string,
    private legId: string | undefined,
  ) {}

  get label(): string {
    return `${this.customer.name}'s call ${this.id}`;
  }

  /** The CEC's view of a queue call (state queued → offering → talking → ended). */
  async view(): Promise<CallView | undefined> {
    if (this.kind !== 'queue') return undefined;
    return (await this.customer.cec.calls()).find((c) => c.id === this.id);
  }

  /** The SIP leg to the agent's phone, once there is one (a re-queued call gets a new leg). */
  async leg(): Promise<LegView | undefined> {
    if (this.kind === 'queue') this.legId = (await this.view())?.sipCallId ?? this.legId;
    if (this.legId === undefined) return undefined;
    return this.customer.cec.leg(this.legId).catch(() => undefined);
  }

  /** The call's state: the CEC's for a queue call, the leg's for a direct one. */
  async state(): Promise<string | undefined> {
    return this.kind === 'queue' ? (await this.view())?.state : (await this.leg())?.state;
  }

  async hangup(): Promise<void> {
    if (this.kind === 'queue') await this.customer.cec.hangupCall(this.id);
    else if (this.legId) await this.customer.cec.hangupLeg(this.legId);
  }

  async hangupIfUp(): Promise<void> {
    const state = await this.state().catch(() => undefined);
    if (state !== undefined && state !== 'ended') await this.hangup().catch(() => undefined);
  }

  /** The customer's own media figures on the leg (what it sent and heard). */
  async audio(): Promise<AudioFigures> {
    return legAudio(await this.leg());
  }
}

/** A leg's media counters as audio figures (the customer sends no energy figure: its source is known). */
export function legAudio(leg: LegView | undefined): AudioFigures {
  const m: MediaStats | undefined = leg?.media;
  if (!leg || !m) return NO_AUDIO;
  return {
    active: leg.state === 'answered',
    dtlsState: m.dtlsState ?? 'none',
    at: m.readAt,
    sent: { packets: m.packetsSent, bytes: m.bytesSent, energy: 0 },
    received: {
      packets: m.packetsReceived,
      lost: 0, // the leg's counters tell what arrived, not what went missing
      bytes: m.bytesReceived,
      energy: m.audioEnergyReceived,
      concealedSamples: 0,
    },
  };
}
