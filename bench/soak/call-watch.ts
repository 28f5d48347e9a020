import { type Dispatcher, fetch } from 'undici';
import {
  type AudioReading,
  judgeAudio,
  provenBothWays,
  unproven,
} from '../../harness/actors/audio-verdict.ts';
import { legAudio } from '../../harness/actors/customer.ts';
import { LOAD_PROOF } from '../../harness/load/prove-audio.ts';
import type { LegView } from '../../harness/load/sip-control-client.ts';
import type { PhoneFleet, PhoneStats } from '../../harness/softphone/phone-fleet.ts';
import type { CallView } from '../../mock-cec/domain/acd/call-record.ts';
import { type ControlClient, settle, typedControlClient } from '../../mock-cec/edges/control/client.ts';
import type { CallCounts } from './soak-report.ts';

/** A customer call the soak placed, as far as it has seen it. */
interface SeenCall {
  id: string;
  agent?: number;
  sipCallId?: string;
  answered: boolean;
  /** Why it ended, once it has. */
  ended?: string;
  /** The first audio sample taken while it was talking; later ones are judged against it. */
  first?: { at: number; sample: AudioReading };
  proven: boolean;
  /** Why audio was not proven at the last judgement. */
  reasons?: string[];
}

export interface CallWatchOptions {
  baseUrl: string;
  dispatcher: Dispatcher;
  tenant: string;
  /** How long the customer stays on an answered call. */
  holdMs: number;
  /** The phone of an agent (by workNo): its softphone number and the page holding it. */
  phoneOf(workNo: number): { sipAccount: string; fleet: PhoneFleet } | undefined;
  onProblem(problem: string): void;
}

/**
 * The soak's calls: each placed into the skill queue (POST /__mock/calls, the
 * ACD picks the agent), then followed by sampling: every few seconds the
 * calls list says which are answered and ended, and each talking call's
 * customer leg (GET /__mock/sip/legs/{id}) and phone (Chromium's stats) are
 * sampled; audio is proven both ways when a later sample shows packets and
 * sound risen both ways since the first (judgeAudio). A call that ends unproven
 * keeps the reasons of its last judgement.
 */
export class CallWatch {
  readonly #calls = new Map<string, SeenCall>();
  #refused = 0;
  #failedToPlace = 0;
  #n = 0;
  /** The control API's one typed client, over the soak's connections. */
  readonly #api: ControlClient;

  constructor(private readonly o: CallWatchOptions) {
    const over = ((input: string | URL | Request, init?: RequestInit) =>
      fetch(input as string, {
        ...(init as object),
        dispatcher: o.dispatcher,
      })) as unknown as typeof globalThis.fetch;
    this.#api = typedControlClient(o.baseUrl.replace(/\/$/, ''), { fetch: over });
  }

  /** A customer calls the queue; the call is followed from here. */
  async place(): Promise<void> {
    const n = ++this.#n;
    const json = {
      tenant: this.o.tenant,
      from: String(13_900_000_000 + n),
      behaviour: { answer: 'answer', hangupAfterMs: this.o.holdMs, source: { kind: 'tone' }, mode: 'both' },
    } as const;
    const r = await settle(() => this.#api.calls.$post({ json }), 'POST /__mock/calls');
    if (r.ok) this.#calls.set(r.value.id, { id: r.value.id, answered: false, proven: false });
    else if (r.status === 409) this.#refused++;
    else {
      this.#failedToPlace++;
      this.o.onProblem(`place: ${r.message}`);
    }
  }

  /** A poller saw AgentEvent_Talking for this call. */
  talking(callid: string): void {
    const c = this.#calls.get(callid);
    if (c) c.answered = true;
  }

  /** Calls placed and not yet seen ended. */
  get open(): number {
    let n = 0;
    for (const c of this.#calls.values()) if (c.ended === undefined) n++;
    return n;
  }

  /** One sampling round: the calls' states, then audio on each talking call not yet proven. */
  async sample(): Promise<void> {
    const query = { tenant: this.o.tenant };
    const list = await settle(() => this.#api.calls.$get({ query }), 'GET /__mock/calls');
    if (!list.ok) return this.o.onProblem(`calls list: ${list.message}`);
    const talking: { call: SeenCall; sipAccount: string; fleet: PhoneFleet }[] = [];
    for (const view of list.value.calls as CallView[]) {
      const c = this.#calls.get(view.id);
      if (!c) continue;
      c.agent = view.agent ?? c.agent;
      c.sipCallId = view.sipCallId ?? c.sipCallId;
      if (view.answeredAt !== null) c.answered = true;
      if (view.state === 'ended') c.ended = view.endReason ?? 'ended';
      const phone = c.agent === undefined ? undefined : this.o.phoneOf(c.agent);
      if (view.state === 'talking' && !c.proven && c.sipCallId && phone) talking.push({ call: c, ...phone });
    }
    if (talking.length === 0) return;
    const byFleet = new Map<PhoneFleet, string[]>();
    for (const t of talking) byFleet.set(t.fleet, [...(byFleet.get(t.fleet) ?? []), t.sipAccount]);
    const at = performance.now();
    const [legs, stats] = await Promise.all([
      Promise.all(
        talking.map((t) =>
          settle(
            () => this.#api.sip.legs[':callId'].$get({ param: { callId: t.call.sipCallId! } }),
            'GET /__mock/sip/legs/{callId}',
          ),
        ),
      ),
      Promise.all([...byFleet].map(([fleet, names]) => fleet.stats(names))),
    ]);
    const phones: Record<string, PhoneStats> = Object.assign({}, ...stats);
    talking.forEach((t, i) => {
      const leg = legs[i]!;
      const phone = phones[t.sipAccount];
      const view = leg.ok ? (leg.value as LegView) : undefined;
      // A phone not yet talking may still show its previous call's counters: no sample from it.
      if (phone?.state !== 'talking' || !view?.media) return;
      const sample: AudioReading = { phone, customer: legAudio(view) };
      const c = t.call;
      if (!c.first) {
        c.first = { at, sample };
        return;
      }
      const verdict = judgeAudio(c.first.sample, sample, LOAD_PROOF);
      c.proven = provenBothWays(verdict);
      c.reasons = c.proven ? undefined : [unproven(verdict)];
    });
  }

  counts(): CallCounts {
    const all = [...this.#calls.values()];
    const answered = all.filter((c) => c.answered);
    const unproven = answered.filter((c) => !c.proven && c.ended !== undefined);
    return {
      placed: all.length + this.#refused + this.#failedToPlace,
      refused: this.#refused,
      failedToPlace: this.#failedToPlace,
      answered: answered.length,
      endedUnanswered: all.filter((c) => !c.answered && c.ended !== undefined).length,
      up: all.filter((c) => c.ended === undefined).length,
      proven: answered.filter((c) => c.proven).length,
      unproven: unproven.length,
      unprovenReasons: unproven.map((c) =>
        c.reasons
          ? c.reasons.join('; ')
          : c.first
            ? 'sampled once: it ended before the next sample'
            : 'never sampled while talking',
      ),
      unansweredReasons: all.filter((c) => !c.answered && c.ended !== undefined).map((c) => c.ended!),
    };
  }
}
