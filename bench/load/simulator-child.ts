import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type {
  FromSimulator,
  SimulatorLoop,
  SimulatorMemory,
  SimulatorReady,
  ToSimulator,
} from './simulator-process.ts';

export interface SimulatorChild {
  ready: SimulatorReady;
  pid: number;
  /** Memory after a full collection (the child runs with --expose-gc). */
  memory(): Promise<SimulatorMemory>;
  /** Start measuring how busy the event loop is; `read` says how busy it was since. */
  loop: { start(): void; read(): Promise<SimulatorLoop> };
  stop(): Promise<void>;
}

/** Fork simulator-process.ts and wait until it listens (or say why it could not start). */
export async function startSimulatorChild(
  certDir: string,
  seed: number,
  agents: number,
  mediaWorkers = 0,
  o: { journal?: number; priority?: number; mediaPriority?: number } = {},
): Promise<SimulatorChild> {
  const child = fork(
    join(import.meta.dirname, 'simulator-process.ts'),
    [
      certDir,
      String(seed),
      String(agents),
      String(mediaWorkers),
      o.journal ? String(o.journal) : '',
      o.priority === undefined ? '' : String(o.priority),
      o.mediaPriority === undefined ? '' : String(o.mediaPriority),
    ],
    {
      execArgv: ['--import', 'tsx', '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const ready = await new Promise<SimulatorReady>((resolve, reject) => {
    child.on('message', (m: FromSimulator) => {
      if (m.type === 'ready') resolve(m);
    });
    child.once('exit', (code) =>
      reject(new Error(`the simulator exited before listening (exit code ${code})`)),
    );
  });
  return {
    ready,
    pid: child.pid!,
    memory: () => ask(child, 'memory'),
    loop: {
      start: () => child.send({ type: 'loop-start' } satisfies ToSimulator),
      read: () => ask(child, 'loop'),
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        // The child closes its servers when the IPC channel goes; a kill is the fallback.
        child.disconnect();
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}

function ask<T extends 'memory' | 'loop'>(
  child: ChildProcess,
  type: T,
): Promise<Extract<FromSimulator, { type: T }>> {
  return new Promise((resolve) => {
    const onMessage = (m: FromSimulator) => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      resolve(m as Extract<FromSimulator, { type: T }>);
    };
    child.on('message', onMessage);
    child.send((type === 'memory' ? { type } : { type: 'loop-read' }) satisfies ToSimulator);
  });
}
