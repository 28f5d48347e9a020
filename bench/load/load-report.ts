import { availableParallelism } from 'node:os';
import type { CallRoundResult } from '../../harness/load/call-round.ts';
import { median, percentile } from '../../harness/load/percentiles.ts';
import { fmt, table } from '../lib/table.ts';
import type { OptionsFigures } from './options-probe.ts';

/** One round of the run, with the CPU sampled while its calls were held. */
export interface RoundFigures {
  round: CallRoundResult;
  cpu: { simulator: number; browser: number };
  /** The simulator's event loop while the calls were held (SimulatorLoop). */
  loop: { busy: number; lagP99Ms: number };
  /** Why its audio did not keep real time (realTimeShortfall), if it did not. */
  behind?: string;
  /** How promptly SIP OPTIONS were answered meanwhile. */
  options?: OptionsFigures;
}

/**
 * Issue 14's media figures, one row per round and media-worker setting, side
 * by side: the slowest call's packet rates (50/s is real time), how late the
 * simulator's timers ran and how fast it answered OPTIONS (its signalling),
 * how busy its main loop was.
 */
export function mediaWorkersTable(
  runs: readonly { workers: number; rounds: readonly RoundFigures[] }[],
): string {
  const rows = runs
    .flatMap(({ workers, rounds }) => rounds.map((r) => ({ workers, r })))
    .sort((a, b) => a.r.round.calls - b.r.round.calls || a.workers - b.workers);
  return table(
    [
      'calls',
      'media workers',
      'customer sent pkt/s (min)',
      '→ phone',
      'phone sent',
      '→ customer',
      'timers late p99 ms',
      'OPTIONS p50 / p99 / max ms',
      'unanswered',
      'main loop busy %',
      'CPU simulator %',
    ],
    rows.map(({ workers, r }) => [
      r.round.calls,
      workers === 0 ? '0 (main loop)' : workers,
      fmt(r.round.minRate.customerSent),
      fmt(r.round.minRate.toPhone),
      fmt(r.round.minRate.phoneSent),
      fmt(r.round.minRate.toCustomer),
      fmt(r.loop.lagP99Ms),
      r.options ? `${fmt(r.options.p50Ms)} / ${fmt(r.options.p99Ms)} / ${fmt(r.options.maxMs)}` : '-',
      r.options?.unanswered ?? '-',
      fmt(r.loop.busy * 100),
      fmt(r.cpu.simulator),
    ]),
  );
}

export const MB = 2 ** 20;

/** A failure to report: why, and which phone. */
export interface Failed {
  reason: string;
  who: string;
}

/**
 * "12× reason a (88000701, 88000702, …); 1× reason b (88000733)": the distinct
 * reasons, most frequent first, at most `max` of them, each naming a few phones.
 * Counts of packets and milliseconds are generalised ("N") so that one cause is one group; status codes stay.
 */
export function groupReasons(failed: readonly Failed[], max = 4): string {
  const groups = new Map<string, string[]>();
  for (const f of failed) {
    const reason = f.reason.replace(/\d+ of /g, 'N of ').replace(/\d+ (packets|ms)\b/g, 'N $1');
    groups.set(reason, [...(groups.get(reason) ?? []), f.who]);
  }
  const sorted = [...groups].sort((a, b) => b[1].length - a[1].length);
  const shown = sorted
    .slice(0, max)
    .map(([r, who]) => `${who.length}× ${r} (${who.slice(0, 3).join(', ')}${who.length > 3 ? ', …' : ''})`);
  if (sorted.length > max) shown.push(`and ${sorted.length - max} other reasons`);
  return shown.join('; ');
}

export function roundsTable(rounds: readonly RoundFigures[]): string {
  return table(
    [
      'calls',
      'answered',
      'audio both ways',
      'setup ms median/p95',
      'pkt/s → phone',
      '→ customer',
      'customer sent',
      'loss → phone %',
      'CPU simulator %',
      'its loop busy %',
      'CPU browser %',
      'ended',
    ],
    rounds.map(({ round: r, cpu, loop }) => [
      r.calls,
      r.answered,
      r.audioProven,
      `${fmt(median(r.setupMs))} / ${fmt(percentile(r.setupMs, 95))}`,
      fmt(r.minRate.toPhone),
      fmt(r.minRate.toCustomer),
      fmt(r.minRate.customerSent),
      fmt(r.worstLossToPhone * 100, 1),
      fmt(cpu.simulator),
      fmt(loop.busy * 100),
      fmt(cpu.browser),
      r.ended,
    ]),
  );
}

/** Why a round did not hold: its failures by stage, with the reasons. */
export function roundFailures(r: CallRoundResult): string {
  return groupReasons(r.failures.map((f) => ({ reason: `${f.stage}: ${f.reason}`, who: f.sipAccount })));
}

export const check = (ok: boolean) => (ok ? '✓' : '✗');

/** Below this many packets per second (of 50) on a call, a fifth of the audio is missing: it is broken up. */
export const REAL_TIME_MIN_RATE = 40;

/**
 * Why a round's audio did not keep real time, or undefined when it did: the
 * slowest call's packet rates, each way, and what the CPU was doing. When the
 * customer sent too few, the simulator skipped frames (its pacer drops what it
 * is too late for); otherwise packets were lost on the way or in the browser.
 * An event loop busy all the time with a CPU share below 100 % means the
 * simulator waited for a core: the machine, not the simulator, was full.
 */
export function realTimeShortfall(
  r: CallRoundResult,
  cpu: { simulator: number; browser: number },
  loop: { busy: number; lagP99Ms: number },
  cores = availableParallelism(),
): string | undefined {
  const { toPhone, toCustomer, customerSent, phoneSent } = r.minRate;
  const short: string[] = [];
  if (customerSent < REAL_TIME_MIN_RATE)
    short.push(
      `the customer sent ${fmt(customerSent)} packets/s on its slowest call (the simulator skipped frames)`,
    );
  else if (toPhone < REAL_TIME_MIN_RATE) short.push(`a phone received ${fmt(toPhone)} packets/s`);
  if (phoneSent < REAL_TIME_MIN_RATE)
    short.push(`a phone sent ${fmt(phoneSent)} packets/s (the browser fell behind)`);
  else if (toCustomer < REAL_TIME_MIN_RATE)
    short.push(
      `the customer received ${fmt(toCustomer)} packets/s from a phone (the phones sent ${fmt(phoneSent)} or more)`,
    );
  if (short.length === 0) return undefined;
  return (
    `${short.join('; ')}; the simulator's event loop was busy ${fmt(loop.busy * 100)} % of the time, its timers ` +
    `${fmt(loop.lagP99Ms)} ms late (p99); CPU simulator ${fmt(cpu.simulator)} %, browser ${fmt(cpu.browser)} % ` +
    `of ${cores * 100} % on ${cores} cores`
  );
}
