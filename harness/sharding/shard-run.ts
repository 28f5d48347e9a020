import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * Pieces of a sharded run on one machine, for the sharding test and the
 * scenario bench: a simulator started by its own command (as a CI service
 * step), and Playwright processes run as a CI job runs them.
 */
export const repoRoot = join(import.meta.dirname, '../..');

export interface StartedSimulator {
  url: string;
  process: ChildProcess;
  /** Stop it and wait until it has gone. */
  stop(): Promise<void>;
}

/** The simulator started by `mock-cec start` on a free port; resolves with its URL once it listens. */
export async function startSimulatorProcess(certDir: string): Promise<StartedSimulator> {
  const child = spawn(
    process.execPath,
    [join(repoRoot, 'bin/mock-cec.js'), 'start', '--port', '0', '--sip-port', '0', '--cert-dir', certDir],
    {
      cwd: repoRoot,
      env: { ...process.env, MOCK_CEC_CHECK_RESPONSES: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the simulator did not start:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /Vendor APIs\s+(https:\/\/\S+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`the simulator exited (${code}):\n${output}`)));
  });
  return {
    url,
    process: child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The environment that points the harness at a simulator started with `--cert-dir certDir`. */
export const simulatorEnv = (url: string, certDir: string): NodeJS.ProcessEnv => ({
  MOCK_CEC_URL: url,
  MOCK_CEC_CERTS: certDir,
  MOCK_CEC_CA: join(certDir, 'ca-cert.pem'),
});

export interface Finished {
  code: number | null;
  stdout: string;
  /** stdout and stderr, interleaved. */
  output: string;
}

/** Run a command in the repository to its end. */
export function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let output = '';
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
      output += c.toString();
    });
    child.stderr!.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.once('exit', (code) => resolve({ code, stdout, output }));
  });
}
