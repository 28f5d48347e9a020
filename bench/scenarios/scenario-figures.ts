/**
 * The scenario suite's figures from its runs (pure: runs in, rows out): per
 * scenario the median and range of its time over the rounds, its setup (stack
 * start to first step), and whether every round gave the same canonical
 * journal (harness/journal/canonical-journal.ts; decision record 005).
 */

/** What one run of one scenario contributes. */
export interface RunFigure {
  file: string;
  ok: boolean;
  /** Stack start to the first step, the steps, and all (ms). */
  setupMs: number;
  stepsMs: number;
  totalMs: number;
  /** The run's canonical journal. */
  canonical: readonly string[];
  error?: string;
  /** Where its time went (harness/scenario/phase-times.ts). */
  phases?: readonly { name: string; ms: number }[];
  /** How many agent desks it opens (actors.agents): a desk costs a page, a login and a sign-in. */
  desks?: number;
}

/** A phase over all runs: its median and mean (ms) over the runs that had it, and how many did. */
export interface PhaseRow {
  name: string;
  median: number;
  mean: number;
  runs: number;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export type JournalVerdict =
  | { same: true }
  | { same: false; round: number; line: number; expected?: string; actual?: string };

export interface ScenarioRow {
  file: string;
  desks?: number;
  runs: number;
  passed: number;
  total: Spread;
  setup: Spread;
  steps: Spread;
  journal: JournalVerdict;
  errors: string[];
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)! };
}

/**
 * Whether every run's canonical journal equals the first's; else the first
 * round (1-based) and line where one differs, with both lines. Only passed
 * runs are compared: a failed run stops early and is reported as failed.
 */
export function compareJournals(journals: readonly (readonly string[])[]): JournalVerdict {
  const [first, ...rest] = journals;
  if (!first) return { same: true };
  for (const [k, other] of rest.entries()) {
    const length = Math.max(first.length, other.length);
    for (let i = 0; i < length; i++) {
      if (first[i] !== other[i])
        return { same: false, round: k + 2, line: i + 1, expected: first[i], actual: other[i] };
    }
  }
  return { same: true };
}

/** One row per scenario, in the order scenarios first appear. */
export function scenarioRows(runs: readonly RunFigure[]): ScenarioRow[] {
  const byFile = new Map<string, RunFigure[]>();
  for (const r of runs) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r]);
  return [...byFile.entries()].map(([file, rs]) => {
    const passed = rs.filter((r) => r.ok);
    return {
      file,
      ...(rs[0]?.desks === undefined ? {} : { desks: rs[0].desks }),
      runs: rs.length,
      passed: passed.length,
      total: spread(rs.map((r) => r.totalMs)),
      setup: spread(rs.map((r) => r.setupMs)),
      steps: spread(rs.map((r) => r.stepsMs)),
      journal: compareJournals(passed.map((r) => r.canonical)),
      errors: rs.flatMap((r) => (r.error ? [r.error] : [])),
    };
  });
}

/**
 * The median scenario among those with the same number of desks, fewest
 * first: the suite's one median moves with its mix (a scenario with two
 * desks logs in and signs in twice, and proves audio among three parties).
 */
export function mediansByDesks(
  rows: readonly ScenarioRow[],
): { desks: number; scenarios: number; median: number }[] {
  const byDesks = new Map<number, number[]>();
  for (const r of rows)
    if (r.desks !== undefined) byDesks.set(r.desks, [...(byDesks.get(r.desks) ?? []), r.total.median]);
  return [...byDesks.entries()]
    .sort(([a], [b]) => a - b)
    .map(([desks, medians]) => ({ desks, scenarios: medians.length, median: spread(medians).median }));
}

/** One row per phase, in the order phases first appear in the runs. */
export function phaseRows(runs: readonly RunFigure[]): PhaseRow[] {
  const byName = new Map<string, number[]>();
  for (const r of runs)
    for (const p of r.phases ?? []) byName.set(p.name, [...(byName.get(p.name) ?? []), p.ms]);
  return [...byName.entries()].map(([name, ms]) => ({
    name,
    median: spread(ms).median,
    mean: ms.reduce((a, b) => a + b, 0) / ms.length,
    runs: ms.length,
  }));
}
