/**
 * Frees some 200 MB of objects that lie among ones that live on (two in
 * five are kept, so every page they free is swept and stays three fifths
 * empty), collects them under `collectInPlace` (or, with argv "plain", with a
 * bare `gc()`), and prints as JSON: RSS in MB before, at once after, and half
 * a second later, when V8's helper threads have long given back what they
 * were going to; and the old generation's pages and objects (MB) after.
 * Run with --expose-gc.
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { collectInPlace } from './collect-in-place.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const mb = (bytes: number) => bytes / 2 ** 20;
const rssMb = () => mb(process.memoryUsage().rss);

let all: { i: number; s: string }[] | undefined = [];
const kept: { i: number; s: string }[] = [];
for (let i = 0; i < 4_000_000; i++) {
  const o = { i, s: `x${i}` };
  all.push(o);
  if (i % 5 < 2) kept.push(o);
}
gc(); // all of them live through it: in the old generation now, the kept ones among the rest
const before = rssMb();
all = undefined;
if (process.argv[2] === 'plain') gc();
else await collectInPlace(() => gc());
const after = rssMb();
const old = getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')!;
await new Promise((r) => setTimeout(r, 500));
process.stdout.write(
  JSON.stringify({
    before,
    after,
    settled: rssMb(),
    oldPages: mb(old.space_size),
    oldObjects: mb(old.space_used_size),
    kept: kept.length,
  }),
);
