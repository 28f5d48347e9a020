/**
 * Frees some 300 MB of objects that lie among ones that live on (every 50th
 * is kept, so the pages they free must be swept), collects them under
 * `sweepInPlace` (or, with argv "plain", with a bare `gc()`), and prints
 * RSS in MB as JSON: before, at once after, and half a second later, when
 * V8's helper threads have long given back what they were going to. Run
 * with --expose-gc.
 */
import { sweepInPlace } from './sweep-in-place.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const rssMb = () => process.memoryUsage().rss / 2 ** 20;

let all: { i: number; s: string }[] | undefined = [];
const kept: { i: number; s: string }[] = [];
for (let i = 0; i < 4_000_000; i++) {
  const o = { i, s: `x${i}` };
  all.push(o);
  if (i % 50 === 0) kept.push(o);
}
gc(); // all of them live through it: in the old generation now, the kept ones among the rest
const before = rssMb();
all = undefined;
if (process.argv[2] === 'plain') gc();
else await sweepInPlace(() => gc());
const after = rssMb();
await new Promise((r) => setTimeout(r, 500));
process.stdout.write(JSON.stringify({ before, after, settled: rssMb(), kept: kept.length }));
