import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from './parse-scenario.ts';
import { atStep, stepLocation } from './scenario-test.ts';

const text = `name: two steps
story: A login, then a bar that does not load.
seed: 7
actors:
  agents:
    - phone: none
steps:
  - login: { agent: 0 }
  - expectBar:
      agent: 0
      is: loaded
`;

describe('where a scenario step is written', () => {
  it('is known for each step, and a failure is thrown from there (Playwright shows that code frame)', () => {
    const parsed = parseScenario(text, 'scenarios/two.scenario.yaml');
    if (!parsed.ok) throw new Error(parsed.problem.message);
    expect(parsed.stepLocations).toEqual([
      { line: 8, column: 5 },
      { line: 9, column: 5 },
    ]);
    const file = resolve('scenarios/two.scenario.yaml');
    expect(stepLocation(parsed, 1)).toEqual({ file, line: 9, column: 5 });
    const err = atStep(parsed, 1, 'step 2 failed');
    expect(err.stack!.split('\n')[1]).toBe(`    at step 2 (${file}:9:5)`);
  });
});
