import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { cpuMicros, rssBytes } from './proc-stats.ts';

/** A free TCP port on 127.0.0.1 (bound and released at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface Spawned {
  child: ChildProcess;
  /** Spawn to first successful answer, in ms. */
  coldStartMs: number;
  stop(): Promise<void>;
  rssMb(): number;
  /** CPU time (user + system) the server has used so far, in µs (Linux /proc). */
  cpuMicros(): number;
  /** What it printed so far (stdout and stderr). */
  output(): string;
}

/**
 * Spawn a server and poll `probeUrl` until it answers: the time from spawn to
 * the first answer is the cold start. Output is kept for the error message.
 */
export async function spawnServer(
  command: string,
  args: string[],
  probe: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<Spawned> {
  const started = performance.now();
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  for (;;) {
    if (exited) throw new Error(`${command} ${args.join(' ')} exited before answering:\n${output}`);
    if (performance.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`${command} did not answer within ${timeoutMs} ms:\n${output}`);
    }
    if (await probe().catch(() => false)) break;
    await new Promise((r) => setTimeout(r, 2));
  }
  const coldStartMs = performance.now() - started;
  return {
    child,
    coldStartMs,
    output: () => output,
    rssMb: () => rssBytes(child.pid!) / 2 ** 20,
    cpuMicros: () => cpuMicros(child.pid!),
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

/** True when a GET on the URL answers anything at all. */
export async function answers(url: string): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(500) });
  await res.arrayBuffer();
  return true;
}
