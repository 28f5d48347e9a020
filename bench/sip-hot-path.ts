/**
 * The SIP server's JavaScript cost per message, without sockets: digest
 * registrations (REGISTER → 401 → REGISTER → 200) fed straight into the SIP
 * edge (parse, journal, transactions, digest, registrar, serialize) as sipp
 * writes them, then new REGISTERs refused with 503 while the overload gauge
 * sheds (the path an overloaded server must keep cheapest). A profiling aid
 * for the hot path (not a suite of `npm run bench`):
 *
 *   node --max-semi-space-size=64 --import tsx bench/sip-hot-path.ts [registrations=200000] [--record]
 *   node --cpu-prof --import tsx bench/sip-hot-path.ts
 *
 * Each figure is printed against the last recorded one
 * (`sip-hot-path.recorded.json`, beside this file); `--record` writes this
 * run's figures there. Decision record 006 says which invariant each guards.
 * CPU time is the figure to compare on a shared machine: wall time counts
 * the time other processes held the core.
 *
 * Only the server's calls are timed; answering the challenges is not. The
 * bytes allocated are read from batches no collection ran in: give V8 a young
 * generation big enough for one (`--max-semi-space-size=64`). tsx keeps
 * function names by wrapping every closure, so figures as the CLI bundle runs
 * come from a bundle: `node -e "import('./scripts/build-cli.mjs').then(m =>
 * m.bundle('bench/sip-hot-path.ts', '/tmp/hot-path.mjs'))"`, then run that.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { getHeapSpaceStatistics } from 'node:v8';
import { composeTenants } from '../mock-cec/compose-tenants.ts';
import { seedTenant } from '../mock-cec/infrastructure/config/seed-tenant.ts';
import { Simulator } from '../mock-cec/infrastructure/state/simulator.ts';
import { NonceBook } from '../mock-cec/telephony/sip/auth/nonce-book.ts';
import { header } from '../mock-cec/telephony/sip/core/message.ts';
import { parseMessage } from '../mock-cec/telephony/sip/core/parse-message.ts';
import { SipService } from '../mock-cec/telephony/sip/sip-service.ts';
import { answerChallenge, readChallenge } from '../mock-cec/telephony/sip/testing/digest-client.ts';
import { fakeUdpFlow } from '../mock-cec/telephony/sip/testing/fake-flow.ts';

const args = process.argv.slice(2);
const record = args.includes('--record');
const total = Number(args.find((a) => /^\d+$/.test(a)) ?? 200_000);
const batch = 500;
const sim = new Simulator();
const tenant = seedTenant(1, { agents: 1000 });
const sip = new SipService(sim);
composeTenants(sim, { sip });
sim.addTenant(tenant, 1);
let answer: Buffer | undefined;
const flow = fakeUdpFlow((bytes) => {
  answer = bytes;
});
sip.server.opened(flow);

const register = (i: number, user: string, cseq: number, auth = '') =>
  Buffer.from(
    `REGISTER sip:127.0.0.1:5060 SIP/2.0\r\n` +
      `Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-${i}-${cseq}\r\n` +
      `From: <sip:${user}@127.0.0.1>;tag=1SIPpTag${i}\r\n` +
      `To: <sip:${user}@127.0.0.1>\r\n` +
      `Call-ID: ${i}-1@127.0.0.1\r\n` +
      `CSeq: ${cseq} REGISTER\r\n` +
      `Contact: <sip:${user}@127.0.0.1:5061>\r\n` +
      auth +
      `Max-Forwards: 70\r\nExpires: 300\r\nUser-Agent: sipp\r\nContent-Length: 0\r\n\r\n`,
  );

let allocated = 0;
let allocatedRegs = 0;
let timedNs = 0n;
let cpuUs = 0;
let done = 0;
let ok = 0;
for (let start = 0; start < total; start += batch) {
  const firsts: Buffer[] = [];
  for (let i = start; i < start + batch; i++)
    firsts.push(register(i, tenant.agents[i % tenant.agents.length]!.sipAccount, 1));
  const challenges: Buffer[] = [];
  let t0 = process.hrtime.bigint();
  let c0 = process.cpuUsage();
  let h0 = heapUsed();
  for (const m of firsts) {
    sip.server.received(flow, m);
    challenges.push(answer!);
  }
  timedNs += process.hrtime.bigint() - t0;
  cpuUs += cpuSince(c0);
  let grew = heapUsed() - h0;
  const seconds: Buffer[] = [];
  challenges.forEach((c, k) => {
    const i = start + k;
    const agent = tenant.agents[i % tenant.agents.length]!;
    const parsed = parseMessage(c);
    if (!parsed.ok) throw new Error('unreadable challenge');
    const value = answerChallenge(readChallenge(header(parsed.message, 'www-authenticate')!), {
      username: agent.sipAccount,
      password: agent.sipPwd,
      method: 'REGISTER',
      uri: 'sip:127.0.0.1:5060',
    });
    seconds.push(register(i, agent.sipAccount, 2, `Authorization: ${value}\r\n`));
  });
  t0 = process.hrtime.bigint();
  c0 = process.cpuUsage();
  h0 = heapUsed();
  for (const m of seconds) {
    sip.server.received(flow, m);
    if (answer![8] === 0x32 && answer![9] === 0x30 && answer![10] === 0x30) ok++;
  }
  timedNs += process.hrtime.bigint() - t0;
  cpuUs += cpuSince(c0);
  grew += heapUsed() - h0;
  // A batch during which no collection ran (the heap only grew) tells what handling allocates.
  if (grew > 0 && start >= total / 2) {
    allocated += grew;
    allocatedRegs += batch;
  }
  done += batch;
}
const usPerReg = Number(timedNs) / 1000 / done;
const cpuPerReg = cpuUs / done;
process.stdout.write(
  `${done} registrations (${ok} answered 200), journal holds ${sim.journal.count} entries; ` +
    `${Math.round(1e6 / usPerReg)} registrations/s on one core\n`,
);

// Past the knee: new REGISTERs refused with 503 while shedding (overload.ts), the answer an overloaded
// server must give cheaply. Long queue waits told to the server put its gauge at refusing every one.
for (let k = 0; k < 30; k++) sip.server.queueWait(1000);
const refusals = 50_000;
const shed: Buffer[] = [];
for (let i = 0; i < refusals; i++)
  shed.push(register(total + i, tenant.agents[i % tenant.agents.length]!.sipAccount, 1));
let refused = 0;
const s0 = process.cpuUsage();
for (const m of shed) {
  sip.server.received(flow, m);
  if (answer![8] === 0x35 && answer![9] === 0x30 && answer![10] === 0x33) refused++;
}
const usPerRefusal = cpuSince(s0) / refusals;
if (refused !== refusals) throw new Error(`${refused} of ${refusals} REGISTERs refused while shedding`);
await sip.close();

// The nonce MAC alone (one per challenge): its share of a registration's cost.
const nonces = new NonceBook({ secret: randomBytes(32), ttlMs: 60_000 });
const macs = 100_000;
const m0 = process.cpuUsage();
for (let i = 0; i < macs; i++) nonces.issue(1_700_000_000_000 + i);
const usPerMac = cpuSince(m0) / macs;

/** The figures this aid guards (decision record 006), as recorded in sip-hot-path.recorded.json. */
interface Figures {
  /** CPU per digest registration (REGISTER → 401 → REGISTER → 200), GC threads included. */
  cpuUsPerRegistration: number;
  wallUsPerRegistration: number;
  /** Bytes allocated per registration (from batches no collection ran in). */
  bytesPerRegistration: number | undefined;
  /** CPU per nonce issued (its HMAC-SHA-256). */
  cpuUsPerNonce: number;
  /** CPU per new REGISTER refused with 503 while shedding. */
  cpuUsPerRefusal: number;
}
const figures: Figures = {
  cpuUsPerRegistration: round(cpuPerReg, 1),
  wallUsPerRegistration: round(usPerReg, 1),
  bytesPerRegistration: allocatedRegs ? Math.round(allocated / allocatedRegs) : undefined,
  cpuUsPerNonce: round(usPerMac, 2),
  cpuUsPerRefusal: round(usPerRefusal, 1),
};
const recordedFile = new URL('./sip-hot-path.recorded.json', import.meta.url);
const recorded = readRecorded();
const labels: Record<keyof Figures, string> = {
  cpuUsPerRegistration: 'µs CPU per registration',
  wallUsPerRegistration: 'µs wall per registration',
  bytesPerRegistration: 'bytes allocated per registration',
  cpuUsPerNonce: 'µs CPU per nonce MAC',
  cpuUsPerRefusal: 'µs CPU per REGISTER shed (503)',
};
for (const key of Object.keys(labels) as (keyof Figures)[]) {
  const now = figures[key];
  const then = recorded?.figures[key];
  const change =
    now !== undefined && then ? ` (${now >= then ? '+' : ''}${Math.round((now / then - 1) * 100)} %)` : '';
  const against = then === undefined ? 'none recorded' : `recorded ${then}${change}`;
  process.stdout.write(`${labels[key].padEnd(34)} ${String(now ?? '?').padStart(8)}   ${against}\n`);
}
if (recorded) process.stdout.write(`(recorded ${recorded.at}: ${recorded.note})\n`);
if (record) {
  const note = `${total} registrations, load average ${loadavg()[0]!.toFixed(1)} at the end`;
  const text = JSON.stringify({ at: new Date().toISOString().slice(0, 10), note, figures }, null, 2);
  writeFileSync(recordedFile, `${text}\n`);
  process.stdout.write(`recorded in ${recordedFile.pathname}\n`);
}

function readRecorded(): { at: string; note: string; figures: Partial<Figures> } | undefined {
  try {
    return JSON.parse(readFileSync(recordedFile, 'utf8'));
  } catch {
    return undefined;
  }
}

function round(n: number, digits: number): number {
  return Number(n.toFixed(digits));
}

function heapUsed(): number {
  let used = 0;
  for (const s of getHeapSpaceStatistics()) used += s.space_used_size;
  return used;
}

function cpuSince(c0: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(c0);
  return d.user + d.system;
}
sim.dispose();
