import {
  type AudioReading,
  type AudioRise,
  audioRise,
  judgeAudio,
  provenBothWays,
  unproven,
  type VerdictOptions,
} from '../actors/audio-verdict.ts';
import { legAudio } from '../actors/customer.ts';
import { NO_AUDIO } from '../softphone/audio-figures.ts';
import type { PhoneStats } from '../softphone/phone-fleet.ts';
import { type CallTarget, groupByFleet } from './call-target.ts';
import type { SipControlClient } from './sip-control-client.ts';

export interface ProofOptions {
  control: SipControlClient;
  tenant: string;
  /** The calls stay up this long between the samples: the measurement window (0: prove audio and go). */
  holdMs: number;
  /** How long after the hold audio may take to be proven on every call. */
  proofTimeoutMs?: number;
  /** Called when the hold starts and ends (to sample CPU over it); the proof waits for `end`. */
  onHold?: { start(): void; end(): void | Promise<void> };
}

/** An answered call: the phone it rang and the customer leg's Call-ID. */
export interface Call {
  target: CallTarget;
  callId: string;
}

/**
 * A call's audio after the hold, judged by the one verdict (actors/audio-verdict.ts): proven when it
 * flows both ways; otherwise `why` names the flow found and the figures.
 */
export interface CallProof {
  proven: boolean;
  why: string;
  rise: AudioRise;
  /** Packets per second between the samples: received each way, and sent by each side. */
  rate: { toPhone: number; toCustomer: number; customerSent: number; phoneSent: number };
}

/** 25 packets each way is half a second of 20 ms frames: flowing audio, not a stray packet. */
export const LOAD_PROOF: VerdictOptions = { minPackets: 25 };

/**
 * Sample every answered call, hold, then sample again until audio is proven on
 * all of them (or the proof time is up). Between the samples nothing polls, so
 * the hold measures the calls, not the measuring.
 */
export async function proveAudio(o: ProofOptions, calls: Call[]): Promise<Map<string, CallProof>> {
  const verdicts = new Map<string, CallProof>();
  if (calls.length === 0) return verdicts;
  // A phone that never gets to talking fails the proof below (no DTLS, no packets), named there.
  await Promise.all(
    [...groupByFleet(calls.map((c) => c.target))].map(([f, names]) => f.untilAll(names, 'talking', 5_000)),
  );
  const before = await sampleAll(o, calls);
  o.onHold?.start();
  if (o.holdMs > 0) await new Promise((r) => setTimeout(r, o.holdMs));
  await o.onHold?.end();
  const deadline = performance.now() + (o.proofTimeoutMs ?? 10_000);
  for (;;) {
    const after = await sampleAll(o, calls);
    for (const c of calls) {
      const b = before.samples.get(c.callId);
      const a = after.samples.get(c.callId);
      if (!b || !a) continue;
      const seconds = (after.at - before.at) / 1000;
      const v = judgeAudio(b, a, LOAD_PROOF);
      const rise = audioRise(b, a);
      verdicts.set(c.callId, {
        proven: provenBothWays(v),
        why: provenBothWays(v) ? v.why : unproven(v),
        rise,
        rate: {
          toPhone: rise.toPhone / seconds,
          toCustomer: rise.toCustomer / seconds,
          customerSent: rise.sentByCustomer / seconds,
          phoneSent: rise.sentByPhone / seconds,
        },
      });
    }
    const proven = calls.every((c) => verdicts.get(c.callId)?.proven);
    if (proven || performance.now() >= deadline) return verdicts;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function sampleAll(o: ProofOptions, calls: Call[]) {
  const at = performance.now();
  const [legs, ...phoneStats] = await Promise.all([
    o.control.legs(o.tenant),
    ...[...groupByFleet(calls.map((c) => c.target))].map(([f, names]) => f.stats(names)),
  ]);
  const phones: Record<string, PhoneStats> = Object.assign({}, ...phoneStats);
  const legById = new Map(legs.ok ? legs.value.map((l) => [l.callId, l]) : []);
  const samples = new Map<string, AudioReading>();
  for (const c of calls)
    samples.set(c.callId, {
      phone: phones[c.target.sipAccount] ?? NO_AUDIO,
      customer: legAudio(legById.get(c.callId)),
    });
  return { at, samples };
}
