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
  const before = await untilMediaFlows(o, calls);
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
      // Each side's counters over the time between its own readings: the phones' stats of a page and
      // a worker's pushed counters are read up to a few hundred ms apart from when they were asked for.
      const window = (after.at - before.at) / 1000;
      const phoneSeconds = secondsBetween(b.phone.at, a.phone.at) ?? window;
      const customerSeconds = secondsBetween(b.customer?.at, a.customer?.at) ?? window;
      const v = judgeAudio(b, a, LOAD_PROOF);
      const rise = audioRise(b, a);
      verdicts.set(c.callId, {
        proven: provenBothWays(v),
        why: provenBothWays(v) ? v.why : unproven(v),
        rise,
        rate: {
          toPhone: rise.toPhone / phoneSeconds,
          toCustomer: rise.toCustomer / customerSeconds,
          customerSent: rise.sentByCustomer / customerSeconds,
          phoneSent: rise.sentByPhone / phoneSeconds,
        },
      });
    }
    const proven = calls.every((c) => verdicts.get(c.callId)?.proven);
    if (proven || performance.now() >= deadline) return verdicts;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The first sample in which every call's media flows (both sides have sent), or the last one tried
 * (3 s at most): the baseline of the hold. SIP's "talking" comes before DTLS is up, and a hundred
 * handshakes at once take a while; a call whose media starts during the hold would be measured as
 * sending below real time for the part of the window it was not yet up.
 */
async function untilMediaFlows(o: ProofOptions, calls: Call[]) {
  const deadline = performance.now() + 3_000;
  for (;;) {
    const sample = await sampleAll(o, calls);
    const flowing = [...sample.samples.values()].every(
      (r) => r.phone.sent.packets > 0 && (r.customer?.sent.packets ?? 1) > 0,
    );
    if (flowing || performance.now() >= deadline) return sample;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Seconds between two readings' own timestamps (ms), when both have one and time moved on. */
export function secondsBetween(from: number | undefined, to: number | undefined): number | undefined {
  return from !== undefined && to !== undefined && to > from ? (to - from) / 1000 : undefined;
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
