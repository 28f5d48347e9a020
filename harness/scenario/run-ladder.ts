import type { JournalEntry } from '../../mock-cec/infrastructure/journal/journal.ts';
import type { StepMark } from '../journal/step-mark.ts';
import { renderLadder } from '../report/ladder.ts';
import type { RecordingLink } from '../report/recording-links.ts';
import { describeStep } from './describe-step.ts';
import { scenarioFromSource } from './parse-scenario.ts';
import { type EndRecord, recordedRuns, STEP } from './record.ts';

/**
 * The steps of the scenario runs recorded in a journal, as the ladder's bands:
 * each `scenario.step` entry opens a band labelled as the runner labels it,
 * and the run's `scenario.end` says which one failed and why. The journal
 * alone is enough, so `npm run ladder` on an exported journal draws what the
 * runner's report drew.
 */
export function stepMarksOf(entries: readonly JournalEntry[]): StepMark[] {
  const marks: StepMark[] = [];
  const runs = new Map(recordedRuns(entries).map((r) => [r.start.tenant, r]));
  const labels = new Map<string, string[]>();
  for (const [tenant, run] of runs) {
    const written = (Array.isArray(run.start.scenario.steps) ? run.start.scenario.steps : []) as Record<
      string,
      unknown
    >[];
    const parsed = scenarioFromSource(run.start.scenario, run.start.file ?? run.start.name);
    labels.set(
      tenant,
      parsed.ok ? parsed.scenario.steps.map((s, i) => describeStep(s, written[i]?.[s.kind])) : [],
    );
  }
  for (const e of entries) {
    if (e.kind !== 'control' || e.action !== STEP || e.tenant === undefined) continue;
    const run = runs.get(e.tenant);
    const index = stepIndex(e.detail);
    if (!run || index === undefined) continue;
    const end: EndRecord | undefined = run.end;
    const failed = end?.ok === false && end.failed === index;
    marks.push({
      afterSeq: e.seq - 1,
      label: labels.get(e.tenant)?.[index] ?? `step ${index + 1}`,
      ok: !failed,
      ...(failed && end?.error !== undefined ? { error: end.error } : {}),
    });
  }
  return marks;
}

/** A recorded run's ladder (HTML): the journal's entries, each step a band, the failing one marked. */
export function runLadder(
  entries: readonly JournalEntry[],
  o: { title?: string; tenant?: string; recordings?: readonly RecordingLink[] } = {},
): string {
  const marks = stepMarksOf(entries);
  // A step's band stands for its scenario.step entry.
  const shown = entries.filter((e) => !(e.kind === 'control' && e.action === STEP));
  return renderLadder(shown, { ...o, marks });
}

function stepIndex(detail: string | undefined): number | undefined {
  try {
    const index = (JSON.parse(detail ?? '') as { index?: unknown }).index;
    return typeof index === 'number' ? index : undefined;
  } catch {
    return undefined;
  }
}
