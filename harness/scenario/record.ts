import type { JournalEntry } from '../../mock-cec/infrastructure/journal/journal.ts';

/**
 * What a scenario run writes into the journal (control entries), so that a
 * recorded journal holds all a replay needs: the scenario as written, its
 * seed and tenant at the start, then each step as it begins, then the outcome.
 */
export const START = 'scenario.start';
export const STEP = 'scenario.step';
export const END = 'scenario.end';

export interface StartRecord {
  name: string;
  seed: number;
  tenant: string;
  file?: string;
  /** The scenario as written. */
  scenario: Record<string, unknown>;
}

export interface StepRecord {
  index: number;
  step: Record<string, unknown>;
}

export interface EndRecord {
  ok: boolean;
  /** Index of the failing step, if one failed. */
  failed?: number;
  error?: string;
}

/** A recorded run read back from journal entries. */
export interface RecordedRun {
  start: StartRecord;
  steps: StepRecord[];
  end?: EndRecord;
}

/**
 * The runs recorded in a journal, in order (a journal of a shared simulator
 * may hold several, each in its own tenant). Entries that do not parse are
 * skipped: they are not the runner's.
 */
export function recordedRuns(entries: readonly JournalEntry[]): RecordedRun[] {
  const runs = new Map<string, RecordedRun>();
  for (const e of entries) {
    if (e.kind !== 'control' || e.tenant === undefined || !e.detail) continue;
    const detail = parse(e.detail);
    if (detail === undefined) continue;
    if (e.action === START && isStart(detail)) runs.set(e.tenant, { start: detail, steps: [] });
    const run = runs.get(e.tenant);
    if (!run) continue;
    if (e.action === STEP && isStep(detail)) run.steps.push(detail);
    if (e.action === END && typeof detail.ok === 'boolean') run.end = detail as unknown as EndRecord;
  }
  return [...runs.values()];
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function isStart(d: Record<string, unknown>): d is Record<string, unknown> & StartRecord {
  return (
    typeof d.name === 'string' &&
    typeof d.seed === 'number' &&
    typeof d.scenario === 'object' &&
    d.scenario !== null
  );
}

function isStep(d: Record<string, unknown>): d is Record<string, unknown> & StepRecord {
  return typeof d.index === 'number' && typeof d.step === 'object' && d.step !== null;
}
