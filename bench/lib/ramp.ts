import { type SippStep, sustained } from './sipp.ts';
import { fmt } from './table.ts';

/**
 * Stepping the offered rate up for several servers in turn, one step each at
 * every rate (so that a busy moment of the shared machine hits both alike),
 * to find each one's knee: the highest rate it sustains. Each first runs a
 * step at the lowest rate that is not counted (code warmed, pools filled).
 * The machine is shared, so one failed step does not end the climb: two in a
 * row do, and the knee is the highest rate sustained. Then one step between
 * the knee and the failure above it, and two past the knee (1.3× and 1.6×)
 * to see whether the server sheds load or collapses.
 */
export interface RampTarget {
  name: string;
  step(rate: number): Promise<SippStep>;
  /** Let the server finish what the last step left (retransmissions, timers). */
  settle(): Promise<void>;
}

export interface RampResult {
  steps: SippStep[];
  /** Highest sustained offered rate (0 when none). */
  knee: number;
  /** Steps past the knee. */
  over: { factor: number; step: SippStep }[];
}

export const OVERLOAD = [1.3, 1.6] as const;

export async function ramp(
  label: string,
  targets: readonly RampTarget[],
  rates: readonly number[],
): Promise<Record<string, RampResult>> {
  const results: Record<string, RampResult> = {};
  /** The lowest failed rate above the knee, and how many failed in a row. */
  const failedAt: Record<string, number> = {};
  const misses: Record<string, number> = {};
  for (const t of targets) results[t.name] = { steps: [], knee: 0, over: [] };

  const run = async (t: RampTarget, rate: number) => {
    await t.settle();
    const s = await t.step(rate);
    results[t.name]!.steps.push(s);
    return s;
  };

  for (const t of targets) {
    await t.settle();
    await t.step(rates[0]!);
  }
  for (const rate of rates) {
    const climbing = targets.filter((t) => (misses[t.name] ?? 0) < 2);
    if (climbing.length === 0) break;
    const line: string[] = [];
    for (const t of climbing) {
      const s = await run(t, rate);
      if (sustained(s)) {
        results[t.name]!.knee = rate;
        misses[t.name] = 0;
        delete failedAt[t.name];
      } else {
        misses[t.name] = (misses[t.name] ?? 0) + 1;
        failedAt[t.name] ??= rate;
      }
      line.push(`${t.name} ${stepText(s)}`);
    }
    process.stdout.write(`  ${label} ${fmt(rate).padStart(6)}/s offered: ${line.join('   ')}\n`);
  }

  for (const t of targets) {
    const r = results[t.name]!;
    const failed = failedAt[t.name];
    // One step halfway into the gap between the last rate sustained and the first one not.
    if (failed !== undefined && r.knee > 0 && failed - r.knee >= r.knee * 0.15) {
      const mid = Math.round((r.knee + failed) / 2 / 500) * 500;
      const s = await run(t, mid);
      if (sustained(s)) r.knee = mid;
      process.stdout.write(`  ${label} ${fmt(mid).padStart(6)}/s offered: ${t.name} ${stepText(s)}\n`);
    }
    for (const factor of OVERLOAD) {
      if (r.knee === 0) break;
      const rate = Math.round(r.knee * factor);
      const s = await run(t, rate);
      r.over.push({ factor, step: s });
      process.stdout.write(
        `  ${label} ${fmt(rate).padStart(6)}/s offered (${factor}× knee): ${t.name} ${stepText(s)}\n`,
      );
    }
  }
  return results;
}

export function stepText(s: SippStep): string {
  const mark = sustained(s) ? '✓' : '✗';
  const failed = s.failed > 0 ? `, ${fmt(s.failed)} failed` : '';
  return `${fmt(s.rate)}/s ${mark} (retrans ${fmt(s.retransRatio * 100, 2)} %${failed})`;
}
