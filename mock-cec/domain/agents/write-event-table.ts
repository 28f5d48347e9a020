/** `npm run docs:events`: write the event catalogue's table into docs/vendor/agent-events.md. */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { eventTableMarkdown, TABLE_END, TABLE_START, withTable } from './event-table.ts';

const path = fileURLToPath(new URL('../../../docs/vendor/agent-events.md', import.meta.url));
const doc = await readFile(path, 'utf8');
const next = withTable(doc, eventTableMarkdown());
if (next === undefined) {
  process.stderr.write(
    `${path} has no table markers: put ${TABLE_START} and ${TABLE_END} where the table goes\n`,
  );
  process.exit(1);
}
await writeFile(path, next);
process.stdout.write(`${path}\n`);
