import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandGlobs } from './expand-globs.ts';

describe('expandGlobs', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'globs-'));
  mkdirSync(join(cwd, 'scenarios'));
  for (const f of ['b.scenario.yaml', 'a.scenario.yaml', 'notes.md'])
    writeFileSync(join(cwd, 'scenarios', f), '');

  it('expands a quoted pattern in the last part of a path, in name order', () => {
    expect(expandGlobs(['scenarios/*.scenario.yaml'], cwd)).toEqual([
      'scenarios/a.scenario.yaml',
      'scenarios/b.scenario.yaml',
    ]);
  });

  it('leaves options, plain paths and patterns that match nothing as they are', () => {
    expect(
      expandGlobs(['--out', 'x', 'scenarios/a.scenario.yaml', 'none/*.yaml', 'scenarios/*.json'], cwd),
    ).toEqual(['--out', 'x', 'scenarios/a.scenario.yaml', 'none/*.yaml', 'scenarios/*.json']);
  });
});
