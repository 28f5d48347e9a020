import type { PhoneFleet, PhoneStats } from '../softphone/phone-fleet.ts';
import { type AudioSample, judgeAudio } from './audio-proof.ts';
import { legStanding, watchLegs } from './leg-watch.ts';
import type { LegView, SipControlClient } from './sip-control-client.ts';

/** A registered phone to call: its softphone number is its name in the fleet. */
export interface CallTarget {
  sipAccount: string;
  fleet: PhoneFleet;
}

export interface CallRoundOptions {
  control: SipControlClient;
  tenant: string;
  targets: readonly CallTarget[];
  /** The calls stay up this long after all are answered: the measurement window (0: prove audio and go). */
  holdMs: number;
  answerTimeoutMs?: number;
  /** How long after the hold audio may take to be proven on every call. */
  proofTimeoutMs?: number;
  /** Called when every call that could be answered is up, and when the hold is over (to sample CPU). */
  onHold?: { start(): void; end(): void };
}

export type CallStage = 'dial' | 'answer' | 'audio' | 'hangup';

export interface CallFailure {
  sipAccount: string;
  stage: CallStage;
  reason: string;
}

export interface CallRoundResult {
  calls: number;
  answered: number;
  audioProven: number;
  ended: number;
  /** Dial to answered (200 OK + ACK) per answered call, in ms, from the simulator's timestamps. */
  setupMs: number[];
  /**
   * Lowest packet rate seen on a call (packets/s; 50 is every 20 ms frame): received each way, and
   * sent by the customer (below 50, the simulator fell behind real time and skipped frames).
   */
  minRate: { toPhone: number; toCustomer: number; customerSent: number };
  /** Highest share of the customer's packets a phone found missing on a call (0–1). */
  worstLossToPhone: number;
  failures: CallFailure[];
}

/**
 * One round of simultaneous customer calls: the simulated customer dials every
 * target at once (a tone source), the phones answer, audio is proven both ways
 * on every call, the calls are held, then the customer hangs up all and every
 * leg must end. Failures are values naming the phone, the stage and why.
 */
export async function runCallRound(o: CallRoundOptions): Promise<CallRoundResult> {
  const failures: CallFailure[] = [];
  const fail = (sipAccount: string, stage: CallStage, reason: string) =>
    failures.push({ sipAccount, stage, reason });
  const byFleet = groupByFleet(o.targets);
  await Promise.all([...byFleet].map(([fleet, names]) => fleet.answerWhenRinging(names)));

  const dialled = await Promise.all(
    o.targets.map(async (t, i) => {
      const r = await o.control.dial({
        tenant: o.tenant,
        from: String(5_551_000 + i),
        toSipAccount: t.sipAccount,
        behaviour: { source: { kind: 'tone' }, mode: 'both' },
      });
      if (!r.ok) fail(t.sipAccount, 'dial', r.error);
      return r.ok ? { target: t, callId: r.value.callId } : undefined;
    }),
  );
  const calls = dialled.filter((c) => c !== undefined);
  const ids = calls.map((c) => c.callId);
  const up = await watchLegs(o.control, o.tenant, ids, settled, o.answerTimeoutMs ?? 20_000);
  const answered = calls.filter((c) => {
    const leg = up.legs.get(c.callId);
    if (leg?.state === 'answered') return true;
    fail(
      c.target.sipAccount,
      'answer',
      `not answered: ${legStanding(leg)}${up.error ? `; ${up.error}` : ''}`,
    );
    return false;
  });
  const setupMs = answered.map((c) => {
    const leg = up.legs.get(c.callId)!;
    return leg.answeredAt! - leg.startedAt;
  });

  const verdicts = await proveAudio(o, answered);
  for (const c of answered) {
    const v = verdicts.get(c.callId);
    if (v && !v.proven) fail(c.target.sipAccount, 'audio', v.reasons.join('; '));
  }

  await Promise.all(
    calls.map(async (c) => {
      const r = await o.control.hangup(c.callId);
      if (!r.ok) fail(c.target.sipAccount, 'hangup', r.error);
    }),
  );
  const down = await watchLegs(o.control, o.tenant, ids, (l) => l.state === 'ended', 10_000);
  for (const id of down.pending) {
    const c = calls.find((x) => x.callId === id)!;
    fail(c.target.sipAccount, 'hangup', `leg did not end: ${legStanding(down.legs.get(id))}`);
  }
  const phonesUp = await Promise.all(
    [...groupByFleet(answered.map((c) => c.target))].map(([f, names]) => f.untilAll(names, 'ended', 5_000)),
  );
  for (const name of phonesUp.flat()) fail(name, 'hangup', 'the phone did not see the call end');

  const all = [...verdicts.values()];
  const lowest = (f: (v: Verdict) => number) => (all.length > 0 ? Math.min(...all.map(f)) : 0);
  return {
    calls: o.targets.length,
    answered: answered.length,
    audioProven: [...verdicts.values()].filter((v) => v.proven).length,
    ended: ids.length - down.pending.length,
    setupMs,
    minRate: {
      toPhone: lowest((v) => v.rate.toPhone),
      toCustomer: lowest((v) => v.rate.toCustomer),
      customerSent: lowest((v) => v.rate.customerSent),
    },
    worstLossToPhone: Math.max(0, ...all.map((v) => lossOf(v.rise.lostToPhone, v.rise.toPhone))),
    failures,
  };
}

const lossOf = (lost: number, received: number) => (lost > 0 ? lost / (lost + received) : 0);

const settled = (leg: LegView) => leg.state === 'answered' || leg.state === 'ended';

type Call = { target: CallTarget; callId: string };
type Verdict = ReturnType<typeof judgeAudio> & {
  rate: { toPhone: number; toCustomer: number; customerSent: number };
};

/**
 * Sample every answered call, hold, then sample again until audio is proven on
 * all of them (or the proof time is up). Between the samples nothing polls, so
 * the hold measures the calls, not the measuring.
 */
async function proveAudio(o: CallRoundOptions, calls: Call[]): Promise<Map<string, Verdict>> {
  const verdicts = new Map<string, Verdict>();
  if (calls.length === 0) return verdicts;
  // A phone that never gets to talking fails the proof below (no DTLS, no packets), named there.
  await Promise.all(
    [...groupByFleet(calls.map((c) => c.target))].map(([f, names]) => f.untilAll(names, 'talking', 5_000)),
  );
  const before = await sampleAll(o, calls);
  o.onHold?.start();
  if (o.holdMs > 0) await new Promise((r) => setTimeout(r, o.holdMs));
  o.onHold?.end();
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

async function sampleAll(o: CallRoundOptions, calls: Call[]) {
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

function groupByFleet(targets: readonly CallTarget[]): Map<PhoneFleet, string[]> {
  const groups = new Map<PhoneFleet, string[]>();
  for (const t of targets) groups.set(t.fleet, [...(groups.get(t.fleet) ?? []), t.sipAccount]);
  return groups;
}
