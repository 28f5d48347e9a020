import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { WorkerHeap } from './protocol.ts';

const MB = 2 ** 20;

/** The fixture's answer: each worker's heap while the main loop holds 64 MB. */
async function heapsFrom(nodeOptions: string[]): Promise<WorkerHeap[]> {
  const fixture = fileURLToPath(new URL('./worker-heap.fixture.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', ...nodeOptions, fixture], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  return (JSON.parse(stdout) as { heaps: WorkerHeap[] }).heaps;
}

/**
 * The soak's memory marks collect and read the main loop's heap only; each
 * media worker is an isolate of its own, so the engine asks each for its heap,
 * collected first when the process runs with --expose-gc.
 */
describe('a media worker reports its own heap', () => {
  it('one heap per worker, collected under --expose-gc, without what the main loop holds', async () => {
    const heaps = await heapsFrom(['--expose-gc']);
    expect(heaps).toHaveLength(2);
    for (const h of heaps) {
      expect(h.collected).toBe(true);
      expect(h.usedHeapSize).toBeGreaterThan(MB);
      // The main loop's 64 MB are not in a worker's heap.
      expect(h.usedHeapSize).toBeLessThan(48 * MB);
      expect(h.totalHeapSize).toBeGreaterThanOrEqual(h.usedHeapSize);
    }
  }, 120_000);

  it('says when it could not collect first (no --expose-gc)', async () => {
    const heaps = await heapsFrom([]);
    expect(heaps.map((h) => h.collected)).toEqual([false, false]);
  }, 120_000);
});
