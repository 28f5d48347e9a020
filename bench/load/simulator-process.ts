/**
 * The simulator of the load benchmark, in a process of its own so that its
 * CPU and memory are its alone: started by bench/load.ts with `fork` (IPC)
 * and `--expose-gc`, it serves HTTPS with the development certificate and SIP
 * over WSS, one tenant of `agents` agents, and answers memory questions.
 *
 *   argv: certDir seed agents [mediaWorkers] [journalCapacity|''] [priority|''] [mediaPriority|'']
 */
import { getPriority, setPriority } from 'node:os';
import { performance } from 'node:perf_hooks';
import { seedTenant } from '../../mock-cec/infrastructure/config/seed-tenant.ts';
import type { Logger } from '../../mock-cec/infrastructure/primitives/logger.ts';
import { startMockCec } from '../../mock-cec/start-mock-cec.ts';
import type { WorkerHeap } from '../../mock-cec/telephony/media/worker/protocol.ts';
import { createWorkerMediaEngine } from '../../mock-cec/telephony/media/worker/worker-media-engine.ts';
import { collectInPlace } from './collect-in-place.ts';
import { TimerLateness } from './timer-lateness.ts';

export interface SimulatorReady {
  type: 'ready';
  url: string;
  ca: string;
  wsUrl: string;
  /** SIP over UDP, for the OPTIONS probe. */
  sipUdpPort: number;
  /** Worker threads carrying the customers' media (0: the main loop). */
  mediaWorkers: number;
  /** The nice value the simulator runs at, and why not the one asked for (no right to raise it). */
  priority: { value: number; refused?: string };
  tenant: string;
  /** The tenant's agents: their softphone credentials, and workNo and password for the gateway's sign-in. */
  agents: { sipAccount: string; sipPwd: string; workNo: number; password: string }[];
}

export interface SimulatorMemory {
  type: 'memory';
  rss: number;
  heapUsed: number;
  /** The main loop's V8 heap as committed (in RSS), used or not. */
  heapTotal: number;
  /** Buffers outside the V8 heap (TLS and WebSocket buffers, RTP packets). */
  external: number;
  /**
   * Journal entries written since the start, how many it keeps at most, and
   * the bytes it holds (estimated: entries kept as objects, its tables'
   * columns, the SIP messages' arena in use; `Journal.memoryBytes`).
   */
  journal: { written: number; capacity: number; bytes: number };
  /** Call legs the simulated customer holds (live and ended), to see whether ended ones are let go. */
  customerLegs: number;
  /**
   * Each media worker's own V8 heap, collected in the worker first: a worker
   * is an isolate of its own, which `heapUsed` and the main loop's `gc()` do
   * not reach (its memory is in `rss`). Empty with media on the main loop.
   */
  workers: WorkerHeap[];
}

/**
 * How busy the event loop was since the last `loop-start`: `busy` is Node's
 * event-loop utilisation (0–1; at 1 the loop never waits, the process wants
 * more CPU than it gets), `lagP99Ms` how late timers fired beyond their
 * period (TimerLateness; the customer's pacer skips frames later than 100 ms).
 */
export interface SimulatorLoop {
  type: 'loop';
  busy: number;
  lagP99Ms: number;
}

export type FromSimulator = SimulatorReady | SimulatorMemory | SimulatorLoop;
export type ToSimulator = { type: 'memory' } | { type: 'loop-start' } | { type: 'loop-read' };

const [certDir, seedArg, agentsArg, workersArg, journalArg, priorityArg, mediaPriorityArg] =
  process.argv.slice(2);
// First, so that every thread made from here on (media workers, libuv's pool) inherits it: on Linux a
// nice value is a thread's own.
const priority = setOwnPriority(priorityArg);
const seed = Number(seedArg);
const mediaWorkers = Number(workersArg ?? 0);
// Problems inside the simulator reach the bench's stderr; the rest would only be noise under load.
const logger: Logger = {
  info() {},
  warn: (m, f) => process.stderr.write(`simulator warn ${m} ${f ? JSON.stringify(f) : ''}\n`),
  error: (m, f) => process.stderr.write(`simulator error ${m} ${f ? JSON.stringify(f) : ''}\n`),
};
// The worker engine made here, as startMockCec would make it, so that the memory marks can ask its workers.
const workerMedia =
  mediaWorkers > 0
    ? createWorkerMediaEngine({
        workers: mediaWorkers,
        logger,
        ...(mediaPriorityArg ? { nice: Number(mediaPriorityArg) } : {}),
      })
    : undefined;
const cec = await startMockCec({
  certDir,
  tenants: [{ config: seedTenant(seed, { agents: Number(agentsArg) }), seed }],
  sip: { port: 0 },
  logger,
  ...(journalArg ? { journalCapacity: Number(journalArg) } : {}),
  ...(workerMedia ? { media: workerMedia } : { mediaWorkers }),
});
const tenant = cec.sim.tenants()[0]!;

const lag = new TimerLateness(10);
let loopMark = performance.eventLoopUtilization();

process.on('message', async (m: ToSimulator) => {
  if (m.type === 'memory') {
    // A full collection first, so that the heap counts what is alive, not what is waiting to be
    // collected: in each media worker (its own isolate), then here; compacted and swept in place, so
    // that RSS no longer counts what it freed nor pages it thinned out.
    const workers = await collectInPlace(async () => {
      const heaps = (await workerMedia?.heaps()) ?? [];
      globalThis.gc?.();
      return heaps;
    });
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    const { count, capacity, memoryBytes } = cec.sim.journal;
    const customerLegs = cec.sip?.customer.legs().length ?? 0;
    const journal = { written: count, capacity, bytes: memoryBytes };
    send({ type: 'memory', rss, heapUsed, heapTotal, external, journal, customerLegs, workers });
  } else if (m.type === 'loop-start') {
    loopMark = performance.eventLoopUtilization();
    lag.reset();
  } else {
    const busy = performance.eventLoopUtilization(loopMark).utilization;
    send({ type: 'loop', busy, lagP99Ms: lag.percentileMs(99) });
  }
});
// The bench went away (done or crashed): close the servers and go.
process.on('disconnect', () => {
  void cec
    .close()
    .then(() => workerMedia?.close())
    .finally(() => process.exit(0));
});

send({
  type: 'ready',
  url: cec.url,
  ca: cec.cert!.ca,
  wsUrl: cec.sim.endpoints.sipWsUrl!,
  sipUdpPort: cec.sim.endpoints.sipUdpPort!,
  mediaWorkers,
  priority,
  tenant: tenant.id,
  agents: tenant.config.agents.map((a) => ({
    sipAccount: a.sipAccount,
    sipPwd: a.sipPwd,
    workNo: a.workNo,
    password: a.password,
  })),
});

/** Set this process's nice value if asked ('' or absent: leave it); say what it is. */
function setOwnPriority(arg: string | undefined): { value: number; refused?: string } {
  if (arg === undefined || arg === '') return { value: getPriority() };
  try {
    setPriority(Number(arg));
    return { value: getPriority() };
  } catch (err) {
    return { value: getPriority(), refused: (err as Error).message };
  }
}

function send(m: FromSimulator): void {
  process.send?.(m);
}
