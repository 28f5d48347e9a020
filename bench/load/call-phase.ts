import {
  type CallRoundOptions,
  type CallRoundResult,
  type CallTarget,
  runCallRound,
} from '../../harness/load/call-round.ts';
import type { SipControlClient } from '../../harness/load/sip-control-client.ts';
import { cpuMeter } from '../lib/proc-stats.ts';
import { type RoundFigures, realTimeShortfall, roundFailures } from './load-report.ts';
import type { OptionsFigures } from './options-probe.ts';

export interface CallPhaseOptions {
  control: SipControlClient;
  tenant: string;
  /** Registered phones, in the order they are to be called, with the page holding each. */
  phones: readonly CallTarget[];
  /** Simultaneous calls per round, in order. */
  calls: readonly number[];
  holdMs: number;
  /** What is sampled while calls are held: the simulator's CPU and event loop, the browser's CPU. */
  simulator: { pid: number; loop: { start(): void; read(): Promise<{ busy: number; lagP99Ms: number }> } };
  browserProcesses: () => number[];
  /** SIP OPTIONS timed while calls are held (options-probe.ts). */
  probe?: { start(): void; stop(): Promise<OptionsFigures> };
  /**
   * Go on to the next round when one falls short (a call failed, or audio fell behind real time), so
   * that the bigger rounds' figures are printed too (issue 14: 150 calls with media on workers).
   */
  keepGoing?: boolean;
  /** Runs one round (runCallRound; tests pass their own). */
  runRound?: (o: CallRoundOptions) => Promise<CallRoundResult>;
}

export interface CallFigures {
  /** The first call, which warms the simulator's media engine; not counted. */
  first: CallRoundResult | undefined;
  rounds: RoundFigures[];
  /** Where and why the run stopped short of the last round, if it did. */
  stop?: string;
  /** With keepGoing: the rounds that fell short, and why, the ramp going on past them. */
  shortfalls: string[];
}

/**
 * One uncounted call, then the rounds of simultaneous calls, stopping at the
 * first that does not hold (a call failed, or audio fell behind real time),
 * unless told to keep going.
 */
export async function callPhase(o: CallPhaseOptions): Promise<CallFigures> {
  const runRound = o.runRound ?? runCallRound;
  const round = (targets: readonly CallTarget[], holdMs: number, onHold?: CallRoundOptions['onHold']) =>
    runRound({ control: o.control, tenant: o.tenant, targets, holdMs, onHold });
  // The simulator loads werift on the first call (a fast CLI start); that is not the steady state.
  const first = o.phones[0] ? await round(o.phones.slice(0, 1), 0) : undefined;
  const rounds: RoundFigures[] = [];
  const shortfalls: string[] = [];
  for (const wanted of o.calls) {
    if (wanted > o.phones.length)
      return {
        first,
        rounds,
        shortfalls,
        stop: `${wanted} calls: only ${o.phones.length} phones are registered`,
      };
    const meters = { simulator: cpuMeter(() => [o.simulator.pid]), browser: cpuMeter(o.browserProcesses) };
    const cpu = { simulator: Number.NaN, browser: Number.NaN };
    let loop = { busy: Number.NaN, lagP99Ms: Number.NaN };
    let options: OptionsFigures | undefined;
    const result = await round(o.phones.slice(0, wanted), o.holdMs, {
      start: () => {
        meters.simulator.start();
        meters.browser.start();
        o.simulator.loop.start();
        o.probe?.start();
      },
      end: async () => {
        cpu.simulator = meters.simulator.stop();
        cpu.browser = meters.browser.stop();
        loop = await o.simulator.loop.read();
        options = await o.probe?.stop();
      },
    });
    const behind = realTimeShortfall(result, cpu, loop);
    rounds.push({ round: result, cpu, loop, behind, options });
    const short =
      result.failures.length > 0
        ? `${wanted} calls: ${roundFailures(result)}`
        : behind
          ? `${wanted} calls: audio fell behind real time: ${behind}`
          : undefined;
    if (short && !o.keepGoing) return { first, rounds, shortfalls, stop: short };
    if (short) shortfalls.push(short);
  }
  return { first, rounds, shortfalls };
}

/** Items taken in turn from each page, so that a round's calls load every page alike. */
export function interleave<T>(items: readonly T[], pageOf: (item: T) => unknown): T[] {
  const byPage = new Map<unknown, T[]>();
  for (const item of items) {
    const queue = byPage.get(pageOf(item)) ?? [];
    queue.push(item);
    byPage.set(pageOf(item), queue);
  }
  const queues = [...byPage.values()];
  const out: T[] = [];
  for (let i = 0; out.length < items.length; i++)
    for (const q of queues) if (q[i] !== undefined) out.push(q[i]!);
  return out;
}
