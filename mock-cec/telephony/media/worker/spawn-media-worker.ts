import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Start a media worker (media-worker.ts). From the sources the entry is
 * TypeScript, loaded through tsx (tsx-boot.mjs); from the built package it is
 * `dist/media-worker.mjs` (scripts/build-package.mjs), found beside the
 * bundle that runs this (dist/mock-cec.mjs) or above a library chunk
 * (dist/lib/…).
 */
export function spawnMediaWorker(): Worker {
  const here = import.meta.url;
  // A worker takes the process's Node options, but `--input-type` (a parent run with `-e`) stops it.
  const execArgv = process.execArgv.filter(
    (a, i, all) => !a.startsWith('--input-type') && all[i - 1] !== '--input-type',
  );
  if (here.endsWith('.ts')) {
    return new Worker(new URL('./tsx-boot.mjs', here), {
      workerData: { entry: new URL('./media-worker.ts', here).href },
      execArgv,
    });
  }
  for (const candidate of ['./media-worker.mjs', '../media-worker.mjs', '../../media-worker.mjs']) {
    const url = new URL(candidate, here);
    if (existsSync(fileURLToPath(url))) return new Worker(url, { execArgv });
  }
  throw new Error(`media-worker.mjs not found near ${here}`);
}
