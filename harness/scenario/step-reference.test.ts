import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  STEP_REFERENCE_END,
  STEP_REFERENCE_START,
  stepReference,
  typeName,
  withStepReference,
} from './step-reference.ts';
import { stepNames } from './step-schema.ts';

const readmePath = join(import.meta.dirname, '../../scenarios/README.md');

describe('the step reference in scenarios/README.md', () => {
  it('is the one generated now from the schema (run npm run scenario:schema after a change)', () => {
    const readme = readFileSync(readmePath, 'utf8');
    expect(readme).toBe(withStepReference(readme));
  });

  it('has a row for every step, with its description', () => {
    const text = stepReference();
    for (const name of stepNames) expect(text).toContain(`| \`${name}\` | | | **`);
    expect(text).toContain("The password typed (default: the demo user's).");
    expect(text).toContain('The customer hangs up its last call.');
  });

  it('replaces only what is between the markers, and refuses a README without them', () => {
    const stale = `before\n${STEP_REFERENCE_START}\nold text\n${STEP_REFERENCE_END}\nafter\n`;
    const fresh = withStepReference(stale);
    expect(fresh.startsWith('before\n')).toBe(true);
    expect(fresh.endsWith('\nafter\n')).toBe(true);
    expect(fresh).not.toContain('old text');
    expect(() => withStepReference('no markers')).toThrow(/markers/);
  });

  it('names types as a reader says them', () => {
    expect(typeName({ type: 'string', enum: ['ok', 'refused'] })).toBe('`ok`, `refused`');
    expect(typeName({ type: 'integer', minimum: 1, maximum: 50 })).toBe('integer 1–50');
    expect(typeName({ type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER })).toBe('integer ≥ 0');
    expect(typeName({ anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^\\d+(ms|s|m|h)$' }] })).toBe(
      'integer or duration (`5s`, `300ms`, `2m`)',
    );
    expect(typeName({ type: 'array', items: { type: 'string' } })).toBe('list of text');
  });
});
