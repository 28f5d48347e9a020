/**
 * `npm run scenario:schema`: write scenarios/scenario.schema.json from the zod schema (json-schema.ts),
 * and the step reference between its markers in scenarios/README.md (step-reference.ts).
 */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchemaText } from './json-schema.ts';
import { withStepReference } from './step-reference.ts';

const path = fileURLToPath(new URL('../../scenarios/scenario.schema.json', import.meta.url));
await writeFile(path, scenarioJsonSchemaText());
// In the repository's own JSON style, so that the linter is content with the committed file.
execFileSync('npx', ['biome', 'format', '--write', path], { stdio: 'ignore' });
process.stdout.write(`${path}\n`);

const readme = fileURLToPath(new URL('../../scenarios/README.md', import.meta.url));
await writeFile(readme, withStepReference(await readFile(readme, 'utf8')));
process.stdout.write(`${readme}\n`);
