import type { ProgressEvent, ScenarioRun } from './run-scenario.ts';

/** What the scenario command prints: a line per scenario and per step, a summary at the end. */
export function progressLine(e: ProgressEvent): string {
  switch (e.type) {
    case 'start':
      return `▶ ${e.name}  (${e.file}, seed ${e.seed}, tenant ${e.tenant}, ready in ${e.setupMs} ms)`;
    case 'step': {
      const r = e.result;
      const mark = r.status === 'passed' ? '✓' : r.status === 'failed' ? '✗' : '·';
      const head = `  ${mark} ${String(r.index + 1).padStart(2)}/${e.total} ${r.label}  ${r.ms} ms${r.note ? `  (${clip(r.note, 80)})` : ''}`;
      return r.error ? `${head}\n${indent(r.error, 8)}` : head;
    }
    case 'end': {
      const { run } = e;
      if (run.setupError) return `✗ ${run.name}: could not start: ${run.setupError}`;
      const passed = run.steps.filter((s) => s.status === 'passed').length;
      return `${run.ok ? '✓' : '✗'} ${run.name}: ${passed}/${run.steps.length} steps in ${run.ms.steps} ms${run.ok ? '' : ' — FAILED'}`;
    }
  }
}

export function summaryLine(runs: readonly ScenarioRun[], wallMs: number): string {
  const failed = runs.filter((r) => !r.ok);
  const times = runs.map((r) => r.ms.total).sort((a, b) => a - b);
  const median = times.length ? times[Math.floor((times.length - 1) / 2)]! : 0;
  const head = `${runs.length} scenario${runs.length === 1 ? '' : 's'}: ${runs.length - failed.length} passed, ${failed.length} failed; median ${median} ms, all in ${(wallMs / 1000).toFixed(1)} s`;
  return failed.length ? `${head}\nfailed: ${failed.map((r) => r.file).join(', ')}` : head;
}

function indent(text: string, n: number): string {
  return text
    .split('\n')
    .map((l) => ' '.repeat(n) + l)
    .join('\n');
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
