import type { Step } from './step-schema.ts';

/**
 * A step in one line for progress lines, test steps and ladder bands: its
 * name when it has one, else what was written, e.g. `expectState agent 0, is Ready`
 * (`written` are the step's arguments as in the file, without the defaults).
 */
export function describeStep(step: Step, written: unknown = step.args): string {
  if (step.name) return step.name;
  if (written === true || written === undefined || written === null) return step.kind;
  if (typeof written !== 'object') return `${step.kind} ${String(written)}`;
  const fields = Object.entries(written)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} ${value(v)}`);
  return fields.length ? `${step.kind} ${fields.join(', ')}` : step.kind;
}

function value(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(value).join(' → ');
  if (typeof v === 'object' && v !== null) return JSON.stringify(v);
  return String(v);
}
