import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * The `mock-cec` command as a child process: the same main() as bin/mock-cec.js,
 * run through tsx so tests need no bundle. Collects its output.
 */
export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
  /** Resolves once stdout contains `text`; rejects if the process ends first. */
  waitFor(text: string | RegExp): Promise<void>;
}

export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  return runNode(
    [
      '--input-type=module',
      '-e',
      "const { main } = await import('./mock-cec/edges/cli/main.ts'); process.exitCode = await main(process.argv.slice(1));",
      ...args,
    ],
    env,
  );
}

/** `npm start` (harness/cli/demo.ts) as a child process. */
export function runDemo(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  return runNode(['harness/cli/demo.ts', ...args], env);
}

function runNode(args: readonly string[], env: NodeJS.ProcessEnv): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const watchers = new Set<() => void>();
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of watchers) w();
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => {
      for (const w of watchers) w();
      resolve(code ?? signal ?? -1);
    });
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor: (text) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (typeof text === 'string' ? out.includes(text) : text.test(out)) {
            watchers.delete(check);
            resolve();
          } else if (child.exitCode !== null || child.signalCode !== null) {
            watchers.delete(check);
            reject(new Error(`mock-cec ended before printing ${text}: ${err || out}`));
          }
        };
        watchers.add(check);
        check();
      }),
  };
}
