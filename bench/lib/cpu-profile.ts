/**
 * V8 CPU profiles (`.cpuprofile`, as `node --cpu-prof` or the inspector's
 * Profiler.stop give them) summed by function: self time per function name and
 * place, so two builds' profiles under the same load can be compared by where
 * their time goes.
 *
 *   node --import tsx bench/lib/cpu-profile.ts A.cpuprofile[,A2…] B.cpuprofile[,B2…] [--per N,M] [--top 40] [--lines]
 *
 * `--per` divides each side's times by its count of completed calls (µs per call).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Self time in µs by function key ("name file:line"), from the samples and their time deltas. */
export function selfTimes(p: Profile, lines = false): Map<string, number> {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  // A sample's time is the delta to the next sample (the last one gets none).
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i]!);
    if (!node) continue;
    const dt = deltas[i + 1] ?? 0;
    const key = keyOf(node, lines);
    out.set(key, (out.get(key) ?? 0) + dt);
  }
  return out;
}

/**
 * A function's name and file; its line only with `lines` (two builds' bundles number their lines apart).
 * A file named like a bundle (`*.mjs`) is left out, so that two bundles of other names compare.
 */
export function keyOf(n: ProfileNode, lines = false): string {
  const { functionName, url, lineNumber } = n.callFrame;
  const file = url.endsWith('.mjs') && !lines ? '' : url.replace(/^.*\//, '');
  return `${functionName || '(anonymous)'} ${file}${file && lines ? `:${lineNumber + 1}` : ''}`;
}

function sum(files: string[], lines: boolean): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of files) {
    for (const [k, v] of selfTimes(JSON.parse(readFileSync(f, 'utf8')) as Profile, lines))
      out.set(k, (out.get(k) ?? 0) + v);
  }
  return out;
}

if (process.argv[1]?.endsWith('cpu-profile.ts')) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      per: { type: 'string' },
      top: { type: 'string', default: '40' },
      lines: { type: 'boolean', default: false },
    },
  });
  const sides = positionals.map((p) => sum(p.split(','), values.lines));
  const per = values.per ? values.per.split(',').map(Number) : sides.map(() => 1);
  const keys = new Set(sides.flatMap((s) => [...s.keys()]));
  const total = sides.map((s, i) => [...s.values()].reduce((a, b) => a + b, 0) / per[i]!);
  const rows = [...keys].map((k) => ({ k, v: sides.map((s, i) => (s.get(k) ?? 0) / per[i]!) }));
  // Biggest difference first (last side against the first), then biggest.
  rows.sort((a, b) => Math.abs(b.v.at(-1)! - b.v[0]!) - Math.abs(a.v.at(-1)! - a.v[0]!));
  const f = (x: number) => x.toFixed(per[0] === 1 ? 0 : 2).padStart(10);
  process.stdout.write(`${total.map(f).join('')}  total\n`);
  for (const r of rows.slice(0, Number(values.top)))
    process.stdout.write(`${r.v.map(f).join('')}${f(r.v.at(-1)! - r.v[0]!)}  ${r.k}\n`);
}
