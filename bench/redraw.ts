/**
 * Draw the benches' charts again from the figures they saved beside them
 * (reports/bench/*.json), without running the benches: after a change to a
 * chart, or to refresh docs/bench/ from a run's figures.
 *
 *   node --import tsx bench/redraw.ts [DIR]     (default reports/bench; writes DIR/*.svg)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Figures, httpChart } from './http.ts';
import { sipChart } from './sip.ts';
import { soakChart } from './soak/soak-report.ts';

const dir = resolve(process.argv[2] ?? 'reports/bench');
const charts: [string, (figures: never) => string][] = [
  ['http', (f: Figures) => httpChart(f)],
  ['sip', sipChart],
  ['soak', soakChart],
];
let drawn = 0;
for (const [name, draw] of charts) {
  const json = join(dir, `${name}.json`);
  if (!existsSync(json)) continue;
  writeFileSync(join(dir, `${name}.svg`), draw(JSON.parse(readFileSync(json, 'utf8')) as never));
  process.stdout.write(`redraw: ${join(dir, `${name}.svg`)}\n`);
  drawn++;
}
if (drawn === 0) process.stdout.write(`redraw: no http.json, sip.json or soak.json in ${dir}\n`);
