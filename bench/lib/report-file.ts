import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the benches write their charts (not committed: see docs/benchmarks.md for the committed ones). */
export const REPORT_DIR = resolve('reports/bench');

/** Write one report file into reports/bench/ and say where it went. */
export function writeReport(
  name: string,
  text: string,
  log = (line: string) => process.stdout.write(`${line}\n`),
) {
  mkdirSync(REPORT_DIR, { recursive: true });
  const path = join(REPORT_DIR, name);
  writeFileSync(path, text);
  log(`wrote ${path}`);
  return path;
}
