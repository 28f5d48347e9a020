import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** What a media worker is started with. */
export interface MediaWorkerData {
  /**
   * The worker thread's own nice value (Linux keeps one per thread): a
   * higher one than the main loop's lets signalling go first when the
   * machine is short of CPU. Absent: the thread keeps the one it inherited.
   */
  nice?: number;
}

/**
 * The media worker's young generation. Its objects are a packet's and die
 * young, so a small one costs more scavenges but no more survivors; at V8's
 * default it grew to about 24 MB more, committed for the thread's life
 * (the soak's RSS at minute 10: 348 MB, 327 with this).
 */
const YOUNG_GENERATION_MB = 8;

/**
 * Start a media worker (media-worker.ts). From the sources the entry is
 * TypeScript, loaded through tsx (tsx-boot.mjs); from the built package it is
 * `dist/media-worker.mjs` (scripts/build-package.mjs), found beside the
 * bundle that runs this (dist/mock-cec.mjs) or above a library chunk
 * (dist/lib/…).
 */
export function spawnMediaWorker(o: MediaWorkerData = {}): Worker {
  const here = import.meta.url;
  const execArgv = workerExecArgv(process.execArgv);
  const resourceLimits = { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB };
  if (here.endsWith('.ts')) {
    return new Worker(new URL('./tsx-boot.mjs', here), {
      workerData: { ...o, entry: new URL('./media-worker.ts', here).href },
      execArgv,
      resourceLimits,
    });
  }
  for (const candidate of ['./media-worker.mjs', '../media-worker.mjs', '../../media-worker.mjs']) {
    const url = new URL(candidate, here);
    if (existsSync(fileURLToPath(url))) return new Worker(url, { execArgv, workerData: o, resourceLimits });
  }
  throw new Error(`media-worker.mjs not found near ${here}`);
}

/** Options of the process a worker also needs: how modules load, and what warnings say. */
const KEPT = new Set([
  '--import',
  '--require',
  '-r',
  '--loader',
  '--experimental-loader',
  '--conditions',
  '-C',
]);
const KEPT_ALONE = new Set(['--enable-source-maps', '--no-warnings', '--no-deprecation', '--trace-warnings']);

/**
 * The process's Node options a worker starts with. A worker given options
 * refuses V8's and the process's own (`--expose-gc` under the bench,
 * `--max-old-space-size`), and `--input-type` (a parent run with `-e`) stops
 * it: keep only the module loading options (`--import tsx` …) and a few that
 * only change what is printed.
 */
export function workerExecArgv(parent: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < parent.length; i++) {
    const a = parent[i]!;
    const name = a.split('=')[0]!;
    if (KEPT_ALONE.has(a)) out.push(a);
    else if (KEPT.has(name) && a.includes('=')) out.push(a);
    else if (KEPT.has(a) && parent[i + 1] !== undefined) out.push(a, parent[++i]!);
  }
  return out;
}
