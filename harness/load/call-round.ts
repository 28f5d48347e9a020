import { type CallTarget, groupByFleet } from './call-target.ts';
import { legStanding, watchLegs } from './leg-watch.ts';
import { type CallProof, type ProofOptions, proveAudio } from './prove-audio.ts';
import type { LegView } from './sip-control-client.ts';

export type { CallTarget } from './call-target.ts';

export interface CallRoundOptions extends ProofOptions {
  targets: readonly CallTarget[];
  /** How long the phones have to answer (default 20 s). */
  answerTimeoutMs?: number;
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
   * sent by the customer (below 50, the simulator fell behind real time and skipped frames), and sent
   * by the phone (so a low rate to the customer says which side fell behind).
   */
  minRate: { toPhone: number; toCustomer: number; customerSent: number; phoneSent: number };
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
    if (v && !v.proven) fail(c.target.sipAccount, 'audio', v.why);
  }

  await Promise.all(
    calls.map(async (c) => {
      const r = await o.control.hangup(c.callId);
      // 409: the leg had already ended (the phone hung up, or a resent DELETE): what we wanted.
      if (!r.ok && r.status !== 409) fail(c.target.sipAccount, 'hangup', r.error);
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
  const lowest = (f: (v: CallProof) => number) => (all.length > 0 ? Math.min(...all.map(f)) : 0);
  return {
    calls: o.targets.length,
    answered: answered.length,
    audioProven: all.filter((v) => v.proven).length,
    ended: ids.length - down.pending.length,
    setupMs,
    minRate: {
      toPhone: lowest((v) => v.rate.toPhone),
      toCustomer: lowest((v) => v.rate.toCustomer),
      customerSent: lowest((v) => v.rate.customerSent),
      phoneSent: lowest((v) => v.rate.phoneSent),
    },
    worstLossToPhone: Math.max(0, ...all.map((v) => lossOf(v.rise.lostToPhone, v.rise.toPhone))),
    failures,
  };
}

const lossOf = (lost: number, received: number) => (lost > 0 ? lost / (lost + received) : 0);

const settled = (leg: LegView) => leg.state === 'answered' || leg.state === 'ended';
