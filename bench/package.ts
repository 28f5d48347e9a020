/**
 * The package's figures (issue 11, "Figures"): the tarball's size, the
 * installed size of its production dependencies, the time to install it into
 * an empty project, and the cold start of `npx mock-cec start` from the
 * installed package (to its banner: listening, tenant loaded). No peer.
 *
 *   node --import tsx bench/package.ts [--starts 5]   (or: npm run bench -- package)
 *
 * The install skips install scripts: better-sqlite3 (the reference
 * integration's database) then has no native build, which the simulator's cold
 * start does not need. Where its prebuilt binary downloads that adds about a
 * second; on a machine without access to GitHub npm compiles it (minutes).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fmt, table } from './lib/table.ts';

const out = (line = '') => process.stdout.write(`${line}\n`);
const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { starts: { type: 'string', default: '5' } },
});
const starts = Number(values.starts);
const root = new URL('..', import.meta.url).pathname;
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));

const work = mkdtempSync(join(tmpdir(), 'mock-cec-bench-package-'));
try {
  const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root, env })
    .toString()
    .trim()
    .split('\n')
    .at(-1)!;
  const tarball = join(work, packed);
  const files = execFileSync('tar', ['-tzf', tarball]).toString().trim().split('\n').length;

  const project = join(work, 'project');
  execFileSync('mkdir', [project]);
  writeFileSync(join(project, 'package.json'), '{"name":"bench","private":true,"type":"module"}\n');
  const t0 = performance.now();
  execFileSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--omit=peer', tarball],
    { cwd: project, env, stdio: 'ignore' },
  );
  const installMs = performance.now() - t0;
  const modules = join(project, 'node_modules');
  const packages = readdirSync(modules).flatMap((n) =>
    n.startsWith('@') ? readdirSync(join(modules, n)).map((m) => `${n}/${m}`) : n.startsWith('.') ? [] : [n],
  );
  const own = sizeOf(join(modules, 'mock-cec'));
  const all = sizeOf(modules);

  const bin = join(modules, '.bin/mock-cec');
  const times: number[] = [];
  for (let i = 0; i < starts; i++) times.push(await coldStart(bin, project));
  times.sort((a, b) => a - b);

  out('\npackage — the tarball, its install into an empty project, and the simulator started from it\n');
  out(
    table(
      ['figure', 'value'],
      [
        ['tarball (npm pack)', `${fmt(statSync(tarball).size / 1024)} KiB, ${files} files`],
        ['installed: mock-cec itself (the tarball unpacked)', `${fmt(own / 1024)} KiB`],
        [
          'installed: with production dependencies',
          `${fmt(all / 1024 / 1024, 1)} MiB, ${packages.length} packages`,
        ],
        ['install time (npm install <tarball>, warm cache, no scripts)', `${fmt(installMs / 1000, 1)} s`],
        [
          `npx mock-cec start, cold, to its banner (median of ${starts})`,
          `${fmt(times[Math.floor(times.length / 2)]!)} ms (${fmt(times[0]!)}–${fmt(times.at(-1)!)})`,
        ],
      ],
    ),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}

function sizeOf(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.size;
  return readdirSync(path).reduce((sum, n) => sum + sizeOf(join(path, n)), 0);
}

/** Spawned to the banner's first line (the simulator listens and has its tenant), then stopped. */
function coldStart(bin: string, cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(bin, ['start', '--port', '0', '--sip-port', '0', '--cert-dir', join(cwd, '.certs')], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let ms: number | undefined;
    child.stdout.once('data', () => {
      ms = performance.now() - t0;
      child.kill('SIGTERM');
    });
    child.once('exit', (code) =>
      ms === undefined ? reject(new Error(`mock-cec start exited (${code}) before its banner`)) : resolve(ms),
    );
  });
}
