import { dirname, relative } from 'node:path';
import { stringify } from 'yaml';
import type { JournalEntry } from '../../mock-cec/infrastructure/journal/journal.ts';
import { type RecordedRun, recordedRuns } from './record.ts';

export type Rebuilt =
  | { ok: true; run: RecordedRun; source: Record<string, unknown> }
  | { ok: false; message: string };

/**
 * The scenario a recorded journal ran, rebuilt from its entries: the header
 * (name, story, seed, tenant and integration changes, actors, faults) from
 * `scenario.start`, the steps from `scenario.step` as they ran. Steps after a
 * failure never ran; they come from the start's copy, so the replay goes as
 * far as the original meant to.
 */
export function rebuildScenario(entries: readonly JournalEntry[], tenant?: string): Rebuilt {
  const runs = recordedRuns(entries);
  const chosen = tenant === undefined ? runs : runs.filter((r) => r.start.tenant === tenant);
  if (chosen.length === 0) {
    return {
      ok: false,
      message:
        runs.length === 0
          ? 'no scenario run in this journal (no scenario.start entry: was it recorded by the scenario runner?)'
          : `no scenario run of tenant ${tenant} in this journal (runs: ${runs.map(describe).join('; ')})`,
    };
  }
  if (chosen.length > 1) {
    return {
      ok: false,
      message: `${chosen.length} scenario runs in this journal; choose one with --tenant: ${chosen.map(describe).join('; ')}`,
    };
  }
  const run = chosen[0]!;
  const planned = Array.isArray(run.start.scenario.steps) ? (run.start.scenario.steps as unknown[]) : [];
  const steps = [...planned];
  for (const s of run.steps) steps[s.index] = s.step;
  return { ok: true, run, source: { ...run.start.scenario, seed: run.start.seed, steps } };
}

function describe(r: RecordedRun): string {
  return `tenant ${r.start.tenant}: "${r.start.name}"${r.end ? (r.end.ok ? ' (passed)' : ` (failed at step ${(r.end.failed ?? 0) + 1})`) : ''}`;
}

/** The rebuilt scenario as a YAML file beside `path`, pointing editors at the schema. */
export function replayFileText(source: Record<string, unknown>, path: string, schemaFile: string): string {
  const schema = relative(dirname(path), schemaFile) || schemaFile;
  const origin = `# Rebuilt from a recorded journal by \`npm run scenario -- --replay\`: the same seed, tenant, faults and steps.`;
  return `# yaml-language-server: $schema=${schema}\n${origin}\n${stringify(source, { lineWidth: 110 })}`;
}
