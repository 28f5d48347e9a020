/**
 * Run by worker-heap.test.ts in a child process (with and without
 * `--expose-gc`, a process-wide flag): a worker engine of two workers, 64 MB
 * held by the main loop, then each worker's heap as the engine reports it.
 */
import { createWorkerMediaEngine } from './worker-media-engine.ts';

const engine = createWorkerMediaEngine({ workers: 2 });
const held = Array.from({ length: 64 }, () => new Array<number>(2 ** 17).fill(1.5));
const heaps = await engine.heaps();
await engine.close();
process.stdout.write(`${JSON.stringify({ heaps, mainHeldMb: held.length })}\n`);
