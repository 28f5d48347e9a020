/**
 * `npm run bench [-- http|…]`: every benchmark suite, or the named ones. Each
 * prints its figures and its ratios against peers run side by side.
 */
import { runHttpBench } from './http.ts';

const suites: Record<string, () => Promise<unknown>> = {
  http: runHttpBench,
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !(w in suites));
if (unknown.length > 0) {
  process.stderr.write(
    `bench: unknown suite ${unknown.join(', ')}; choose from ${Object.keys(suites).join(', ')}\n`,
  );
  process.exit(2);
}
for (const name of wanted.length > 0 ? wanted : Object.keys(suites)) {
  await suites[name]!();
}
