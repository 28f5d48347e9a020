import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Run sipp (Debian's `sip-tester`) against the simulator, with an injection
 * CSV, and collect its exit code: 0 when every call of the scenario went as
 * written. CI installs sipp (.ci/run); without it the caller skips.
 */
export const SIPP = '/usr/bin/sipp';
export const sippInstalled = existsSync(SIPP);
export const scenarioDir = join(import.meta.dirname, '..', 'clients', 'sipp');

export interface SippRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export async function runSipp(o: {
  scenario: string;
  target: string;
  /** Rows of the injection file (fields separated by `;`). */
  rows: string[];
  dir: string;
  calls: number;
  rate?: number;
  transport?: 'u1' | 't1';
  timeoutSec?: number;
  /** sipp's own address (default 127.0.0.1; `::1` for IPv6, with the target in brackets). */
  localIp?: string;
}): Promise<SippRun> {
  const csv = join(o.dir, `${o.scenario}.csv`);
  await writeFile(csv, `SEQUENTIAL\n${o.rows.join('\n')}\n`);
  const args = [
    o.target,
    '-sf',
    join(scenarioDir, `${o.scenario}.xml`),
    '-inf',
    csv,
    '-t',
    o.transport ?? 'u1',
    '-i',
    o.localIp ?? '127.0.0.1',
    '-m',
    String(o.calls),
    '-r',
    String(o.rate ?? 50),
    '-l',
    '10',
    '-buff_size',
    '4194304',
    '-timeout',
    `${o.timeoutSec ?? 20}s`,
    '-timeout_error',
    '-nostdin',
    '-trace_err',
    '-error_file',
    join(o.dir, `${o.scenario}-errors.log`),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(SIPP, args, { cwd: o.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
