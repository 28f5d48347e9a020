/**
 * SIP figures, side by side in one run with Kamailio 5.6 (Debian's, the
 * registrar and proxy most SIP shops run), over UDP on loopback with sipp:
 *   (a) REGISTER with digest (REGISTER → 401 → REGISTER → 200): the highest
 *       sustained rate, and what is completed past it (1.3× and 1.6×);
 *   (b) calls through the proxy (INVITE → 407 → INVITE with credentials →
 *       100/180/200 → ACK → BYE → 200) to a sipp softphone registered as an
 *       agent, stepped the same way;
 *   (c) memory per agent registered over WebSocket (1,000 raw `ws` clients
 *       with digest, as SIP.js registers).
 * mock-cec runs as users run it: the CLI bundle, journal on, plain HTTP.
 * Kamailio gets the same accounts and passwords, digest with qop=auth and 2
 * worker processes. Generated files go to .bench/sip (not committed).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { seedTenant } from '../mock-cec/infrastructure/config/seed-tenant.ts';
import { freePort, type Spawned, spawnServer } from './lib/processes.ts';
import { OVERLOAD, type RampResult, type RampTarget, ramp } from './lib/ramp.ts';
import { rampChart } from './lib/ramp-chart.ts';
import { writeReport } from './lib/report-file.ts';
import { answersSip, quiet, treeCpuMicros } from './lib/sip-probe.ts';
import { ensureSipp, type SippStep, sippServer, sippStep } from './lib/sipp.ts';
import { stackCharts } from './lib/svg-chart.ts';
import { fmt, table } from './lib/table.ts';
import { ensureKamailio, prepareKamailio } from './peers/kamailio.ts';
import { type WsMemory, wsMemory } from './sip-ws-memory.ts';

export const SEED = 1;
export const AGENTS = 1200;
const REALM = 'mock-cec';
const STEP_SECONDS = Number(process.env.BENCH_SIP_SECONDS ?? 3);
/** Searches per server; the knee reported is their median (BENCH_SIP_SEARCHES=1 for a quick look). */
const SEARCHES = Number(process.env.BENCH_SIP_SEARCHES ?? 3);
const rates = (env: string | undefined, fallback: number[]) =>
  env && /^\d+(,\d+)*$/.test(env) ? env.split(',').map(Number) : fallback;
const REGISTER_RATES = rates(
  process.env.BENCH_SIP_REGISTER_RATES,
  [2_000, 5_000, 10_000, 15_000, 20_000, 25_000, 30_000, 35_000],
);
const INVITE_RATES = rates(
  process.env.BENCH_SIP_INVITE_RATES,
  [500, 1_000, 2_000, 3_000, 4_000, 6_000, 8_000],
);
export const DIR = resolve('.bench/sip');
export const REGISTER_XML = resolve('mock-cec/telephony/sip/clients/sipp/register.xml');
export const UAC_XML = resolve('bench/sipp/uac-invite.xml');
export const UAS_XML = resolve('bench/sipp/uas-answer.xml');

export interface Server {
  name: string;
  port: number;
  process: Spawned;
}

export interface SipFigures {
  register: Record<string, RampResult>;
  invite: Record<string, RampResult>;
  memory: Record<string, WsMemory | undefined>;
}

export async function runSipBench(): Promise<SipFigures | undefined> {
  if (!ensureSipp()) {
    process.stdout.write('bench: sipp cannot be installed; the SIP suite is skipped\n');
    return undefined;
  }
  const files = prepareFiles();
  const servers: Server[] = [await startMockCec(files.tenantFile)];
  if (ensureKamailio()) servers.push(await startKamailio(files.accounts));
  try {
    process.stdout.write(`\nSIP bench: REGISTER with digest, ${STEP_SECONDS} s steps\n`);
    const register = await ramp(
      'REGISTER',
      servers.map((s) => target(s, (rate) => registerStep(s, rate))),
      REGISTER_RATES,
      { searches: SEARCHES },
    );
    process.stdout.write(`SIP bench: calls through the proxy, ${STEP_SECONDS} s steps\n`);
    const callTargets: RampTarget[] = [];
    for (const s of servers) callTargets.push(await callTarget(s));
    const invite = await ramp('INVITE', callTargets, INVITE_RATES, { searches: SEARCHES });
    for (const s of servers) await s.process.stop();
    process.stdout.write('SIP bench: memory per agent registered over WebSocket\n');
    const memory = await wsMemory(files.tenantFile, files.accounts, servers.length > 1);
    const figures = { register, invite, memory };
    printSip(
      figures,
      servers.map((s) => s.name),
    );
    writeReport('sip.json', JSON.stringify({ register, invite }));
    writeReport('sip.svg', sipChart({ register, invite }));
    return figures;
  } finally {
    await Promise.all(servers.map((s) => s.process.stop()));
    await stopCallees();
  }
}

export function prepareFiles() {
  mkdirSync(DIR, { recursive: true });
  const tenant = seedTenant(SEED, { agents: AGENTS });
  const tenantFile = `${DIR}/tenant.yaml`;
  writeFileSync(tenantFile, stringify(tenant));
  const accounts = tenant.agents.map((a) => ({ username: a.sipAccount, password: a.sipPwd }));
  // The whole [authentication …] keyword in one field: sipp garbles a [fieldN] nested in it (NOTES-platform.md).
  const auth = (a: (typeof accounts)[number]) =>
    `${a.username};[authentication username=${a.username} password=${a.password}]`;
  // The callee is no one else's: registered only by the answering softphone, its calls fork nowhere else.
  const [callee, ...callers] = accounts;
  writeFileSync(`${DIR}/register.csv`, `SEQUENTIAL\n${callers.map(auth).join('\n')}\n`);
  writeFileSync(`${DIR}/callee.csv`, `SEQUENTIAL\n${auth(callee!)}\n`);
  writeFileSync(
    `${DIR}/invite.csv`,
    `SEQUENTIAL\n${callers.map((a) => `${auth(a)};${callee!.username}`).join('\n')}\n`,
  );
  return { tenantFile, accounts };
}

/**
 * The simulator's CLI, from this checkout or from `root` (another checkout with its bundle built,
 * `bench/sip-ab.ts`), with `extra` options after the bench's own and `node` options before the CLI.
 */
export async function startMockCec(
  tenantFile: string,
  { root = '.', name = 'mock-cec', extra = [] as string[], node = [] as string[] } = {},
): Promise<Server> {
  const [http, port] = [await freePort(), await freePort()];
  // No SIP over TLS: it would take the port after the SIP one, which freePort did not reserve.
  // A checkout older than SIP over TLS has no such option (nor the listener).
  const cli = resolve(root, 'bin/mock-cec.js');
  const sipTls = spawnSync('node', [cli, '--help'], { encoding: 'utf8' }).stdout.includes('--no-sip-tls');
  const args = [
    cli,
    'start',
    '--no-tls',
    ...(sipTls ? ['--no-sip-tls'] : []),
    '--quiet',
    '--port',
    String(http),
  ];
  const process = await spawnServer(
    'node',
    [...node, ...args, '--sip-port', String(port), '--config', tenantFile, ...extra],
    () => answersSip(port),
  );
  return { name, port, process };
}

async function startKamailio(accounts: readonly { username: string; password: string }[]): Promise<Server> {
  const port = await freePort();
  const { command, args } = prepareKamailio({ dir: `${DIR}/kamailio`, port, realm: REALM, accounts });
  const process = await spawnServer(command, args, () => answersSip(port));
  return { name: 'Kamailio', port, process };
}

/** A ramp target that also records the server's CPU per completed call. */
function target(s: Server, run: (rate: number) => Promise<SippStep>): RampTarget {
  const pid = s.process.child.pid!;
  return {
    name: s.name,
    settle: () => quiet(pid),
    async step(rate) {
      const before = treeCpuMicros(pid);
      const step = await run(rate);
      cpuPerCall.set(step, (treeCpuMicros(pid) - before) / Math.max(1, step.completed));
      return step;
    },
  };
}

const cpuPerCall = new WeakMap<SippStep, number>();
const uasStops: (() => Promise<void>)[] = [];

export function registerStep(s: Server, rate: number, seconds = STEP_SECONDS): Promise<SippStep> {
  return sippStep({
    scenario: REGISTER_XML,
    target: `127.0.0.1:${s.port}`,
    csv: `${DIR}/register.csv`,
    rate,
    seconds,
    requestsPerCall: 2,
    dir: DIR,
  });
}

/** The callee: a sipp softphone registered as an agent (its Contact on its own port), answering every call. */
async function callTarget(s: Server): Promise<RampTarget> {
  const call = await callerOf(s);
  return target(s, (rate) => call(rate));
}

/**
 * Registers the callee and starts it (stopped when the bench ends); the step that calls it through
 * the proxy at `rate` for `seconds`.
 */
export async function callerOf(s: Server): Promise<(rate: number, seconds?: number) => Promise<SippStep>> {
  const uasPort = await freePort();
  const registered = await sippStep({
    scenario: REGISTER_XML,
    target: `127.0.0.1:${s.port}`,
    csv: `${DIR}/callee.csv`,
    rate: 1,
    seconds: 1,
    requestsPerCall: 2,
    dir: DIR,
    localPort: uasPort,
  });
  if (registered.completed !== 1) throw new Error(`${s.name}: the callee could not register`);
  uasStops.push((await sippServer({ scenario: UAS_XML, port: uasPort, dir: DIR })).stop);
  return (rate, seconds = STEP_SECONDS) =>
    sippStep({
      scenario: UAC_XML,
      target: `127.0.0.1:${s.port}`,
      csv: `${DIR}/invite.csv`,
      rate,
      seconds,
      requestsPerCall: 5,
      dir: DIR,
    });
}

/** Stops the callees `callerOf` started. */
export const stopCallees = () => Promise.all(uasStops.splice(0).map((stop) => stop()));

/** Completed against offered for REGISTER above calls (`bench/redraw.ts` draws it again from sip.json). */
export function sipChart(f: Pick<SipFigures, 'register' | 'invite'>): string {
  return stackCharts(
    [
      rampChart('REGISTER with digest: completed against offered', f.register, 'REGISTER'),
      rampChart('Calls through the proxy: completed against offered', f.invite, 'call'),
    ],
    'SIP: mock-cec against Kamailio',
  );
}

function printSip(f: SipFigures, names: string[]): void {
  const [mock, peer] = names as [string, string | undefined];
  const ratio = (a: number | undefined, b: number | undefined, digits = 2) =>
    a !== undefined && b ? `${fmt(a / b, digits)}×` : '–';
  const rows: (string | number)[][] = [];
  for (const [label, ramped] of [
    ['REGISTER with digest', f.register],
    ['call through the proxy', f.invite],
  ] as const) {
    const knee = (n: string) => ramped[n]?.knee;
    const searched = (n: string) =>
      (ramped[n]?.searches.length ?? 0) > 1
        ? ` (median of ${ramped[n]!.searches.map((s) => fmt(s.knee)).join(', ')})`
        : '';
    rows.push([
      `${label}: highest sustained rate`,
      ...names.map((n) => `${fmt(knee(n) ?? 0)}/s${searched(n)}`),
      ratio(knee(mock), peer ? knee(peer) : undefined),
    ]);
    for (const [i, factor] of OVERLOAD.entries()) {
      const past = (n: string) => ramped[n]?.over[i]?.step;
      rows.push([
        `  completed at ${factor}× its knee`,
        ...names.map((n) => {
          const s = past(n);
          return s ? `${fmt(s.rate)}/s (${fmt((s.rate / (knee(n) || 1)) * 100)} % of knee)` : '–';
        }),
        ratio(past(mock)?.rate, peer ? past(peer)?.rate : undefined),
      ]);
    }
    const cpu = (n: string) => {
      const r = ramped[n];
      const s = r?.steps.filter((x) => x.offered === r.knee).at(-1);
      return s ? cpuPerCall.get(s) : undefined;
    };
    rows.push([
      '  server CPU per call at the knee',
      ...names.map((n) => (cpu(n) === undefined ? '–' : `${fmt(cpu(n)!)} µs`)),
      ratio(cpu(mock), peer ? cpu(peer) : undefined),
    ]);
  }
  const mem = (n: string) => f.memory[n];
  rows.push([
    'memory per agent registered over WebSocket',
    ...names.map((n) => {
      const m = mem(n);
      return m ? `${fmt(m.perAgentKb, 1)} KB (${m.what})` : '–';
    }),
    ratio(mem(mock)?.perAgentKb, peer ? mem(peer)?.perAgentKb : undefined),
  ]);
  process.stdout.write(
    `\nSIP over UDP on loopback; sipp, the server and (for calls) a sipp softphone share the 2 cores.\n` +
      `A rate counts as sustained when ≥ 95 % of offered calls complete with < 0.5 % retransmissions; a failed step\n` +
      `is run once more before it ends a search, and the knee is the median of ${SEARCHES} searches.\n`,
  );
  process.stdout.write(`${table(['', ...names, peer ? `mock-cec / ${peer}` : ''], rows)}\n`);
  process.stdout.write(
    'Targets: REGISTER ≥ 1.0× Kamailio; past the knee, completed stays near the knee (shedding, not collapse); < 50 KB per WebSocket agent.\n\n',
  );
}
