import type { PhoneStats } from '../softphone/phone-fleet.ts';
import { type AudioSample, judgeAudio } from './audio-proof.ts';
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

export type Verdict = ReturnType<typeof judgeAudio> & {
  /** Packets per second between the samples: received each way, and sent by the customer. */
  rate: { toPhone: number; toCustomer: number; customerSent: number };
};

/**
 * Sample every answered call, hold, then sample again until audio is proven on
 * all of them (or the proof time is up). Between the samples nothing polls, so
 * the hold measures the calls, not the measuring.
 */
export async function proveAudio(o: ProofOptions, calls: Call[]): Promise<Map<string, Verdict>> {
  const verdicts = new Map<string, Verdict>();
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
      const v = judgeAudio(b, a);
      verdicts.set(c.callId, {
        ...v,
        rate: {
          toPhone: v.rise.toPhone / seconds,
          toCustomer: v.rise.toCustomer / seconds,
          customerSent: v.rise.sentByCustomer / seconds,
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
  const samples = new Map<string, AudioSample>();
  for (const c of calls) {
    const phone = phones[c.target.sipAccount];
    const media = legById.get(c.callId)?.media;
    samples.set(c.callId, {
      phone: phone ?? {
        packetsReceived: 0,
        packetsLost: 0,
        packetsSent: 0,
        totalAudioEnergy: 0,
        dtlsState: 'no phone',
      },
      customer: media ?? { packetsReceived: 0, packetsSent: 0, audioEnergyReceived: 0 },
    });
  }
  return { at, samples };
}
