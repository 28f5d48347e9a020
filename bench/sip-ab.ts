/**
 * The simulator's server CPU per SIP registration and per call, A/B: builds of
 * other checkouts (or the same build with other options) side by side, each
 * driven by sipp at one fixed rate below every knee, in turns (A, B, A, B…),
 * so a shared machine's load falls on all of them alike. CPU time (utime +
 * stime of the server process, its threads included) per completed call is
 * the figure; wall-clock knees are `bench/sip.ts`'s job on a quiet machine.
 *
 *   node --import tsx bench/sip-ab.ts [--rate 5000] [--seconds 20] [--call-rate 1500]
 *     [--rounds 3] [--warmup 3] [--variant NAME=DIR[:OPTIONS]]…
 *
 * A variant is a checkout (DIR, `.` for this one) whose CLI bundle is built
 * (`dist/mock-cec.mjs`), with start options after the colon (e.g.
 * `main-mw0=/tmp/main:--media-workers 0`). Without variants: this checkout alone.
 * `--profile DIR` also writes a V8 CPU profile of each measured run there (open it in
 * Chrome's DevTools, or compare two by function with `bench/lib/cpu-profile.ts`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cpuProfiler, inspectorUrl } from './lib/inspector.ts';
import { threadCpuMicros } from './lib/proc-stats.ts';
import { quiet, treeCpuMicros } from './lib/sip-probe.ts';
import { ensureSipp, type SippStep } from './lib/sipp.ts';
import { fmt, table } from './lib/table.ts';
import {
  AGENTS,
  callerOf,
  DIR,
  prepareFiles,
  registerStep,
  SEED,
  type Server,
  startMockCec,
  stopCallees,
} from './sip.ts';

interface Variant {
  name: string;
  root: string;
  extra: string[];
}

export function parseVariant(text: string): Variant {
  const m = /^([^=]+)=([^:]+)(?::(.*))?$/.exec(text);
  if (!m) throw new Error(`--variant NAME=DIR[:OPTIONS], not ${text}`);
  return { name: m[1]!, root: m[2]!, extra: m[3]?.trim() ? m[3].trim().split(/\s+/) : [] };
}

const USAGE = `bench/sip-ab.ts — the simulator's server CPU per SIP registration and per call, builds side by side

  node --import tsx bench/sip-ab.ts [options]

  --rate N          REGISTERs a second, below every knee (default 5000)
  --call-rate N     calls a second (default 1500)
  --no-calls        registrations only
  --seconds N       length of each measured run (default 20)
  --rounds N        turns of every variant (default 3), in the order given
  --warmup N        seconds of load before each measured run (default 3)
  --variant NAME=DIR[:OPTIONS]
                    a checkout whose CLI is built (dist/mock-cec.mjs), with start options after the
                    colon; repeat for each (default: this checkout alone)
  --profile DIR     also write a V8 CPU profile of each measured run there
                    (compare two by function with bench/lib/cpu-profile.ts)
`;

function parseOptions() {
  try {
    return parseArgs({ options: OPTIONS });
  } catch (err) {
    process.stderr.write(`bench/sip-ab.ts: ${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
}

const OPTIONS = {
  help: { type: 'boolean', short: 'h', default: false },
  rate: { type: 'string', default: '5000' },
  'call-rate': { type: 'string', default: '1500' },
  seconds: { type: 'string', default: '20' },
  rounds: { type: 'string', default: '3' },
  variant: { type: 'string', multiple: true, default: [] as string[] },
  'no-calls': { type: 'boolean', default: false },
  profile: { type: 'string' },
  warmup: { type: 'string', default: '3' },
} as const;
const { values } = parseOptions();
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const rate = Number(values.rate);
const callRate = Number(values['call-rate']);
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const variants = (values.variant as string[]).map(parseVariant);
if (variants.length === 0) variants.push({ name: 'this', root: '.', extra: [] });

/**
 * The bench's tenant as the variant's own checkout writes it (an older one refuses keys added
 * since), checked to hold the same SIP accounts as the bench's injection files.
 */
function tenantFor(v: Variant, accounts: readonly { username: string; password: string }[]): string {
  const seed = ['mock-cec/infrastructure/config/seed-tenant.ts', 'mock-cec/config/seed-tenant.ts']
    .map((p) => resolve(v.root, p))
    .find((p) => existsSync(p));
  if (!seed) throw new Error(`${v.root}: no seed-tenant.ts`);
  const file = `${DIR}/tenant-${v.name}.yaml`;
  const script =
    `const { seedTenant } = await import(${JSON.stringify(seed)});` +
    `const { stringify } = await import('yaml');` +
    `const t = seedTenant(${SEED}, { agents: ${AGENTS} });` +
    `(await import('node:fs')).writeFileSync(${JSON.stringify(file)}, stringify(t));` +
    `process.stdout.write(JSON.stringify(t.agents.map((a) => [a.sipAccount, a.sipPwd])));`;
  const run = spawnSync('node', ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: v.root,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`${v.root}: seedTenant failed: ${run.stderr}`);
  const theirs = JSON.parse(run.stdout) as [string, string][];
  const same =
    theirs.length === accounts.length &&
    theirs.every(([u, p], i) => u === accounts[i]!.username && p === accounts[i]!.password);
  if (!same) throw new Error(`${v.name}: its seeded tenant has other SIP accounts than the bench's`);
  return file;
}

interface Sample {
  cpuPerCall: number;
  /** µs per completed call by thread name (`threadCpuMicros`). */
  byThread: Map<string, number>;
  completed: number;
  offered: number;
  load: number;
}

/** Where a sample's CPU went, by thread name, largest first. */
const threads = (s: Sample) =>
  [...s.byThread]
    .filter(([, us]) => us >= 0.5)
    .sort((a, b) => b[1] - a[1])
    .map(([name, us]) => `${name} ${fmt(us, 1)}`)
    .join(', ');

async function measure(s: Server, run: () => Promise<SippStep>): Promise<Sample> {
  const pid = s.process.child.pid!;
  await quiet(pid);
  const before = treeCpuMicros(pid);
  const threadsBefore = threadCpuMicros(pid);
  const step = await run();
  const used = treeCpuMicros(pid) - before;
  const byThread = new Map<string, number>();
  for (const [name, us] of threadCpuMicros(pid))
    byThread.set(name, (us - (threadsBefore.get(name) ?? 0)) / Math.max(1, step.completed));
  return {
    cpuPerCall: used / Math.max(1, step.completed),
    byThread,
    completed: step.completed,
    offered: step.created,
    load: loadavg()[0]!,
  };
}

if (!ensureSipp()) throw new Error('sipp is needed');
const files = prepareFiles();
const servers: Server[] = [];
let profilers: Awaited<ReturnType<typeof cpuProfiler>>[] = [];
try {
  const profiling = values.profile ? resolve(values.profile) : undefined;
  if (profiling) mkdirSync(profiling, { recursive: true });
  const node = profiling ? ['--inspect=127.0.0.1:0'] : [];
  for (const v of variants) servers.push(await startMockCec(tenantFor(v, files.accounts), { ...v, node }));
  profilers = profiling
    ? await Promise.all(servers.map((s) => cpuProfiler(inspectorUrl(s.process.output())!)))
    : [];
  /** A run, profiled into DIR/NAME-WHAT-ROUND.cpuprofile when --profile DIR is given. */
  const profiled = async <T>(i: number, label: string, run: () => Promise<T>): Promise<T> => {
    const p = profilers[i];
    if (!p) return run();
    await p.start();
    const out = await run();
    writeFileSync(`${profiling}/${servers[i]!.name}-${label}.cpuprofile`, JSON.stringify(await p.stop()));
    return out;
  };
  const calls = values['no-calls'] ? [] : await Promise.all(servers.map((s) => callerOf(s)));
  // Warm-up, not counted: the JIT, the registrar's bindings and (given long enough) a journal that
  // has come round its ring, as in a long run.
  const warmup = Number(values.warmup);
  for (const [i, s] of servers.entries()) {
    await registerStep(s, rate, warmup);
    await calls[i]?.(callRate, Math.max(2, warmup / 2));
  }
  const register = new Map<string, Sample[]>();
  const invite = new Map<string, Sample[]>();
  for (let round = 1; round <= rounds; round++) {
    // Alternate the order too (A B, B A…), so neither always runs right after the other.
    const order = [...servers.keys()];
    if (round % 2 === 0) order.reverse();
    for (const i of order) {
      const s = servers[i]!;
      const r = await measure(s, () =>
        profiled(i, `register-${round}`, () => registerStep(s, rate, seconds)),
      );
      register.set(s.name, [...(register.get(s.name) ?? []), r]);
      process.stdout.write(
        `round ${round} ${s.name} REGISTER: ${fmt(r.cpuPerCall, 1)} µs each (${threads(r)}), ${r.completed}/${r.offered}, load ${r.load.toFixed(2)}\n`,
      );
      const call = calls[i];
      if (call) {
        const c = await measure(s, () => profiled(i, `call-${round}`, () => call(callRate, seconds)));
        invite.set(s.name, [...(invite.get(s.name) ?? []), c]);
        process.stdout.write(
          `round ${round} ${s.name} call: ${fmt(c.cpuPerCall, 1)} µs each (${threads(c)}), ${c.completed}/${c.offered}, load ${c.load.toFixed(2)}\n`,
        );
      }
    }
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  const base = (m: Map<string, Sample[]>) => median(m.get(servers[0]!.name)?.map((x) => x.cpuPerCall) ?? [0]);
  const least = (m: Map<string, Sample[]>) =>
    Math.min(...(m.get(servers[0]!.name)?.map((x) => x.cpuPerCall) ?? [0]));
  const rows = servers.map((s) => {
    const row: (string | number)[] = [s.name];
    for (const m of [register, invite]) {
      const xs = m.get(s.name)?.map((x) => x.cpuPerCall);
      if (!xs) continue;
      // The least is the figure least disturbed by the rest of a shared machine (others only add).
      row.push(
        `${fmt(median(xs), 1)} µs, least ${fmt(Math.min(...xs), 1)} (${xs.map((x) => fmt(x, 0)).join(', ')})`,
        `${fmt(median(xs) / base(m), 2)}× (least ${fmt(Math.min(...xs) / least(m), 2)}×)`,
      );
    }
    return row;
  });
  process.stdout.write(
    `\nServer CPU per completed call, median of ${rounds} interleaved runs of ${seconds} s ` +
      `(REGISTER at ${rate}/s${calls.length ? `, calls at ${callRate}/s` : ''}); load average ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}\n`,
  );
  const head = ['', `per REGISTER`, `vs ${servers[0]!.name}`];
  if (calls.length) head.push('per call', `vs ${servers[0]!.name}`);
  process.stdout.write(`${table(head, rows)}\n`);
} finally {
  for (const p of profilers) p.close();
  await Promise.all(servers.map((s) => s.process.stop()));
  await stopCallees();
}
