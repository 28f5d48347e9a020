import { z } from 'zod';
import { scenarioSchema } from './scenario-schema.ts';
import { stepNames } from './step-schema.ts';

/**
 * The JSON Schema of scenario files, generated from the zod schema so the two
 * cannot part, and committed as scenarios/scenario.schema.json: with
 * `# yaml-language-server: $schema=./scenario.schema.json` at the top of a
 * file, editors complete and check it (a test keeps the file up to date).
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  const steps = (schema.properties as Record<string, { items?: Record<string, unknown> }>).steps!;
  // zod's refinement "exactly one action or expectation" has no JSON form; oneOf of single requirements says it.
  steps.items = { ...steps.items, oneOf: stepNames.map((name) => ({ required: [name] })) };
  return {
    $schema: schema.$schema,
    $id: 'https://mock-cec.local/scenario.schema.json',
    title: 'mock-cec scenario',
    description:
      "A scenario for mock-cec's runner: `npm run scenario -- FILE`. Every action and expectation is described in scenarios/README.md.",
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}

/** The file's text: stable key order, two-space indent, a final newline. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
