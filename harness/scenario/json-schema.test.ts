import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from './json-schema.ts';
import { parseScenario } from './parse-scenario.ts';
import { stepNames } from './step-schema.ts';

const scenarios = join(import.meta.dirname, '../../scenarios');

describe('the scenario format, published', () => {
  it('scenarios/scenario.schema.json is the schema generated now (run npm run scenario:schema after a change)', () => {
    const committed = JSON.parse(readFileSync(join(scenarios, 'scenario.schema.json'), 'utf8'));
    expect(committed).toEqual(scenarioJsonSchema());
  });

  it('says in JSON Schema that a step holds exactly one action or expectation', () => {
    const steps = (
      scenarioJsonSchema().properties as Record<string, { items: { oneOf: unknown[]; properties: object } }>
    ).steps!;
    expect(steps.items.oneOf).toEqual(stepNames.map((name) => ({ required: [name] })));
    expect(Object.keys(steps.items.properties)).toEqual([...stepNames, 'timeout', 'name']);
  });

  it('every shipped scenario is valid and points editors at the schema', () => {
    const files = readdirSync(scenarios).filter((f) => f.endsWith('.scenario.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const f of files) {
      const text = readFileSync(join(scenarios, f), 'utf8');
      const parsed = parseScenario(text, f);
      expect(parsed.ok ? 'ok' : parsed.problem.message).toBe('ok');
      expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./scenario.schema.json');
    }
  });

  it('scenarios/README.md documents every action and expectation', () => {
    const readme = readFileSync(join(scenarios, 'README.md'), 'utf8');
    const missing = stepNames.filter((name) => !readme.includes(`### \`${name}\``));
    expect(missing).toEqual([]);
  });
});
