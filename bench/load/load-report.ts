import type { CallRoundResult } from '../../harness/load/call-round.ts';
import { median, percentile } from '../../harness/load/percentiles.ts';
import { fmt, table } from '../lib/table.ts';

/** One round of the run, with the CPU sampled while its calls were held. */
export interface RoundFigures {
  round: CallRoundResult;
  cpu: { simulator: number; browser: number };
}

export const MB = 2 ** 20;

/** "12× reason a; 1× reason b": the distinct reasons, most frequent first, at most `max` of them. */
export function groupReasons(reasons: readonly string[], max = 4): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1]);
  const shown = sorted.slice(0, max).map(([r, n]) => `${n}× ${r}`);
  if (sorted.length > max) shown.push(`and ${sorted.length - max} other reasons`);
  return shown.join('; ');
}

export function roundsTable(rounds: readonly RoundFigures[]): string {
  return table(
    [
      'calls',
      'answered',
      'audio both ways',
      'setup median ms',
      'p95',
      'pkt/s → phone',
      '→ customer',
      'customer sent',
      'loss → phone %',
      'CPU simulator %',
      'browser %',
      'ended',
    ],
    rounds.map(({ round: r, cpu }) => [
      r.calls,
      r.answered,
      r.audioProven,
      fmt(median(r.setupMs)),
      fmt(percentile(r.setupMs, 95)),
      fmt(r.minRate.toPhone),
      fmt(r.minRate.toCustomer),
      fmt(r.minRate.customerSent),
      fmt(r.worstLossToPhone * 100, 1),
      fmt(cpu.simulator),
      fmt(cpu.browser),
      r.ended,
    ]),
  );
}

/** Why a round did not hold: its failures by stage, with the reasons. */
export function roundFailures(r: CallRoundResult): string {
  return groupReasons(r.failures.map((f) => `${f.stage}: ${f.reason.replace(/\d+ packets/g, 'N packets')}`));
}

export const check = (ok: boolean) => (ok ? '✓' : '✗');
