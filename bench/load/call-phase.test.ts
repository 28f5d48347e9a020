import { describe, expect, it } from 'vitest';
import type { CallRoundOptions, CallRoundResult } from '../../harness/load/call-round.ts';
import type { SipControlClient } from '../../harness/load/sip-control-client.ts';
import { callPhase, interleave } from './call-phase.ts';

it('takes phones from each page in turn, keeping each page’s order', () => {
  const phones = ['a1', 'a2', 'a3', 'b1', 'b2', 'c1'];
  expect(interleave(phones, (p) => p[0])).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
  expect(interleave([], (p: string) => p)).toEqual([]);
});

describe('callPhase', () => {
  // Every round's customer sends 39 packets/s on its slowest call: behind real time (issue 14, one worker).
  const behindRealTime = async (o: CallRoundOptions): Promise<CallRoundResult> => {
    o.onHold?.start();
    await o.onHold?.end();
    const n = o.targets.length;
    return {
      calls: n,
      answered: n,
      audioProven: n,
      ended: n,
      setupMs: [],
      minRate: { toPhone: 39, toCustomer: 39, customerSent: 39, phoneSent: 50 },
      worstLossToPhone: 0,
      failures: [],
    };
  };
  const phase = (keepGoing: boolean) =>
    callPhase({
      control: {} as SipControlClient,
      tenant: 't',
      phones: Array.from({ length: 150 }, (_, i) => ({ sipAccount: `p${i}`, fleet: {} as never })),
      calls: [100, 150],
      holdMs: 0,
      simulator: { pid: process.pid, loop: { start() {}, read: async () => ({ busy: 0.04, lagP99Ms: 15 }) } },
      browserProcesses: () => [],
      keepGoing,
      runRound: behindRealTime,
    });

  it('stops at the first round that falls behind real time', async () => {
    const figures = await phase(false);
    expect(figures.rounds.map((r) => r.round.calls)).toEqual([100]);
    expect(figures.stop).toMatch(/^100 calls: audio fell behind real time: the customer sent 39 packets/);
  });

  it('with keepGoing, goes on to the next round and says which fell short', async () => {
    const figures = await phase(true);
    expect(figures.rounds.map((r) => r.round.calls)).toEqual([100, 150]);
    expect(figures.stop).toBeUndefined();
    expect(figures.shortfalls).toHaveLength(2);
    expect(figures.shortfalls[1]).toMatch(/^150 calls: audio fell behind real time/);
  });
});
