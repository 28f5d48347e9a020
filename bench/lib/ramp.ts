import { type SippStep, sustained } from './sipp.ts';
import { fmt } from './table.ts';

/**
 * Stepping the offered rate up for several servers in turn, one step each at
 * every rate (so that a busy moment of the shared machine hits all alike),
 * to find each one's knee: the highest rate it sustains. Each first runs a
 * step at the lowest rate that is not counted (code warmed, pools filled).
 *
 * The machine is shared, so a step can fail on a hiccup (one at 15,000/s once
 * ended a search that 16,000/s passed moments later): a failed step is run
 * once more, and only a second failure at the same rate ends that server's
 * climb. Then one step halfway between the knee and the failure above it (the
 * same retry). A search is repeated `searches` times (3) and the knee reported
 * is the median of the searches' knees; then two steps past it (1.3× and 1.6×)
 * show whether the server sheds load or collapses.
 */
export interface RampTarget {
  name: string;
  step(rate: number): Promise<SippStep>;
  /** Let the server finish what the last step left (retransmissions, timers). */
  settle(): Promise<void>;
}

export interface Search {
  /** Highest sustained offered rate in this search (0 when none). */
  knee: number;
  steps: SippStep[];
  /** Rates whose first step failed and whose retry passed. */
  recovered: number[];
}

export interface RampResult {
  searches: Search[];
  /** Median of the searches' knees. */
  knee: number;
  /** Every counted step, in the order run (the searches', then the ones past the knee). */
  steps: SippStep[];
  /** Steps past the median knee. */
  over: { factor: number; step: SippStep }[];
}

export const OVERLOAD = [1.3, 1.6] as const;

export interface RampOptions {
  /** Searches per server (default 3); the knee is their median. */
  searches?: number;
  /** The halfway step is rounded to this (default 500/s). */
  granularity?: number;
  log?: (line: string) => void;
}

export async function ramp(
  label: string,
  targets: readonly RampTarget[],
  rates: readonly number[],
  o: RampOptions = {},
): Promise<Record<string, RampResult>> {
  const log = o.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const searches = o.searches ?? 3;
  const results: Record<string, RampResult> = {};
  for (const t of targets) results[t.name] = { searches: [], knee: 0, steps: [], over: [] };
  const run = async (t: RampTarget, rate: number) => {
    await t.settle();
    const s = await t.step(rate);
    results[t.name]!.steps.push(s);
    return s;
  };
  /** A step, and its retry when it fails: whether the rate is sustained, and the steps run. */
  const tryRate = async (t: RampTarget, rate: number) => {
    const first = await run(t, rate);
    if (sustained(first)) return { ok: true, text: stepText(first), retried: false };
    const again = await run(t, rate);
    return { ok: sustained(again), text: `${stepText(first)}, again ${stepText(again)}`, retried: true };
  };

  for (const t of targets) {
    await t.settle();
    await t.step(rates[0]!);
  }
  for (let n = 1; n <= searches; n++) {
    const search = Object.fromEntries(
      targets.map((t) => [t.name, { knee: 0, steps: [], recovered: [] } as Search]),
    );
    const failedAt: Record<string, number> = {};
    const before = Object.fromEntries(targets.map((t) => [t.name, results[t.name]!.steps.length]));
    const tag = searches > 1 ? `${label} #${n}` : label;
    for (const rate of rates) {
      const climbing = targets.filter((t) => failedAt[t.name] === undefined);
      if (climbing.length === 0) break;
      const line: string[] = [];
      for (const t of climbing) {
        const r = await tryRate(t, rate);
        if (r.ok) search[t.name]!.knee = rate;
        else failedAt[t.name] = rate;
        if (r.ok && r.retried) search[t.name]!.recovered.push(rate);
        line.push(`${t.name} ${r.text}`);
      }
      log(`  ${tag} ${fmt(rate).padStart(6)}/s offered: ${line.join('   ')}`);
    }
    for (const t of targets) {
      const s = search[t.name]!;
      const failed = failedAt[t.name];
      // One step halfway into the gap between the last rate sustained and the first one not.
      if (failed === undefined || s.knee === 0 || failed - s.knee < s.knee * 0.15) continue;
      const granularity = o.granularity ?? 500;
      const mid = Math.round((s.knee + failed) / 2 / granularity) * granularity;
      if (mid <= s.knee || mid >= failed) continue;
      const r = await tryRate(t, mid);
      if (r.ok) s.knee = mid;
      if (r.ok && r.retried) s.recovered.push(mid);
      log(`  ${tag} ${fmt(mid).padStart(6)}/s offered: ${t.name} ${r.text}`);
    }
    for (const t of targets) {
      search[t.name]!.steps = results[t.name]!.steps.slice(before[t.name]);
      results[t.name]!.searches.push(search[t.name]!);
    }
  }

  for (const t of targets) {
    const r = results[t.name]!;
    r.knee = medianKnee(r.searches.map((s) => s.knee));
    if (searches > 1)
      log(
        `  ${label} ${t.name}: knee ${fmt(r.knee)}/s, the median of ${r.searches.map((s) => fmt(s.knee)).join(', ')}`,
      );
    for (const factor of OVERLOAD) {
      if (r.knee === 0) break;
      const rate = Math.round(r.knee * factor);
      const s = await run(t, rate);
      r.over.push({ factor, step: s });
      log(`  ${label} ${fmt(rate).padStart(6)}/s offered (${factor}× knee): ${t.name} ${stepText(s)}`);
    }
  }
  return results;
}

/** The median of the knees (of an even count, the lower middle one: a rate that was measured). */
export function medianKnee(knees: readonly number[]): number {
  if (knees.length === 0) return 0;
  const sorted = [...knees].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

export function stepText(s: SippStep): string {
  const mark = sustained(s) ? '✓' : '✗';
  const failed = s.failed > 0 ? `, ${fmt(s.failed)} failed` : '';
  return `${fmt(s.rate)}/s ${mark} (retrans ${fmt(s.retransRatio * 100, 2)} %${failed})`;
}
