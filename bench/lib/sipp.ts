import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureApt } from './apt.ts';
import { udpBound } from './sip-probe.ts';

/**
 * sipp (Debian's `sip-tester`) as the load generator of the SIP bench: one
 * run per step, at a fixed offered rate for a fixed number of calls, read
 * back from its statistics CSV (`-trace_stat`): calls created, completed and
 * failed, retransmissions, and the time it all took.
 */
export const SIPP = '/usr/bin/sipp';

export const ensureSipp = () => ensureApt(SIPP, 'sip-tester');

let runs = 0;

export interface SippStep {
  /** Offered calls per second. */
  offered: number;
  created: number;
  completed: number;
  failed: number;
  retransmissions: number;
  /** From the first call to the end of the last one, in seconds. */
  elapsedSec: number;
  /** Completed calls per second over the step. */
  rate: number;
  /** Retransmissions per request sent (`requestsPerCall` × calls created). */
  retransRatio: number;
}

export interface SippRunOptions {
  scenario: string;
  /** host:port of the server. */
  target: string;
  /** Injection file (first line SEQUENTIAL). */
  csv: string;
  rate: number;
  seconds: number;
  /** Requests the scenario's client sends per call, the denominator of the retransmission ratio. */
  requestsPerCall: number;
  /** Working directory for sipp's files. */
  dir: string;
  /** Local port (default: one sipp picks). */
  localPort?: number;
  /** Extra `-key name value` pairs for the scenario. */
  keys?: Record<string, string>;
}

/**
 * One step: `rate` calls a second for `seconds`, at most 2 s of calls in
 * flight (sipp stops creating calls past that, so an overloaded server is
 * measured, not buried), a call failing after 4 s without an answer.
 */
export async function sippStep(o: SippRunOptions): Promise<SippStep> {
  const stats = join(o.dir, `${o.scenario.replace(/.*\//, '').replace(/\.xml$/, '')}-${++runs}.csv`);
  rmSync(stats, { force: true });
  const calls = Math.round(o.rate * o.seconds);
  const args = [
    o.target,
    '-sf',
    o.scenario,
    '-inf',
    o.csv,
    '-t',
    'u1',
    '-i',
    '127.0.0.1',
    '-r',
    String(o.rate),
    '-m',
    String(calls),
    '-l',
    String(Math.max(100, o.rate * 2)),
    '-recv_timeout',
    '4000',
    '-timeout',
    `${o.seconds * 3 + 10}s`,
    // sipp's default 64 KB receive buffer overflows from ~8–12k calls/s (NOTES-platform.md).
    '-buff_size',
    '4194304',
    '-nostdin',
    // No default behaviours: a call that fails (a 503 to its REGISTER) just ends. By default sipp
    // "aborts" it with a BYE to the account, which a proxy then forwards to the account's bindings.
    '-nd',
    '-trace_stat',
    '-stf',
    stats,
    '-fd',
    '60',
    ...(o.localPort ? ['-p', String(o.localPort)] : []),
    ...Object.entries(o.keys ?? {}).flatMap(([k, v]) => ['-key', k, v]),
  ];
  await runToEnd(args, o.dir);
  const step = readStats(stats, o.rate, o.requestsPerCall);
  rmSync(stats, { force: true });
  return step;
}

/** A long-running sipp (the UAS that answers calls), once it listens; stopped by the caller. */
export async function sippServer(o: {
  scenario: string;
  port: number;
  dir: string;
}): Promise<{ stop(): Promise<void> }> {
  const child = spawn(
    SIPP,
    [
      '-sf',
      o.scenario,
      '-t',
      'u1',
      '-i',
      '127.0.0.1',
      '-p',
      String(o.port),
      '-buff_size',
      '4194304',
      '-nostdin',
      // No default behaviours: a stray message (a late ACK) is not answered with a BYE of its own.
      '-nd',
    ],
    { cwd: o.dir, stdio: 'ignore' },
  );
  for (let i = 0; i < 100 && !udpBound(o.port) && child.exitCode === null; i++)
    await new Promise((r) => setTimeout(r, 20));
  if (!udpBound(o.port)) throw new Error(`sipp did not listen on UDP ${o.port}`);
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 2000).unref();
      }),
  };
}

function runToEnd(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(SIPP, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    // sipp exits 1 when some calls failed: that is a figure, not an error. 255 is a real failure.
    child.on('close', (code) =>
      code === 0 || code === 1
        ? resolve()
        : reject(new Error(`sipp exited ${code}: ${stderr.slice(0, 500)}`)),
    );
  });
}

/** The last line of sipp's statistics CSV, by column name. */
export function readStats(file: string, offered: number, requestsPerCall: number): SippStep {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const names = lines[0]!.split(';');
  const last = lines.at(-1)!.split(';');
  const col = (name: string) => last[names.indexOf(name)] ?? '';
  const epoch = (name: string) => Number(col(name).split('\t').at(-1));
  const created = Number(col('OutgoingCall(C)'));
  const completed = Number(col('SuccessfulCall(C)'));
  const retransmissions = Number(col('Retransmissions(C)'));
  const elapsedSec = Math.max(0.001, epoch('CurrentTime') - epoch('StartTime'));
  return {
    offered,
    created,
    completed,
    failed: Number(col('FailedCall(C)')),
    retransmissions,
    elapsedSec,
    rate: completed / elapsedSec,
    retransRatio: created > 0 ? retransmissions / (created * requestsPerCall) : 0,
  };
}

/**
 * Sustained (NOTES-platform.md): completed ≥ 95 % of offered, and
 * retransmissions < 0.5 % of requests. Failed calls stay near 0 even in
 * collapse (retransmissions get through eventually), so they decide nothing.
 */
export function sustained(s: SippStep): boolean {
  return s.rate >= 0.95 * s.offered && s.retransRatio < 0.005;
}
