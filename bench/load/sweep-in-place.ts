import { setFlagsFromString } from 'node:v8';

/**
 * Run `collect` (full collections: each media worker's, then the main
 * loop's) with V8 sweeping on the collecting thread, so that the memory they
 * free is back with the system when it returns and RSS read then is what
 * the process keeps.
 *
 * Why: after a full GC V8 sweeps its pages on helper threads and hands the
 * emptied ones back some 10–30 ms later (a script that freed 80 MB read RSS
 * 171 MB at once after `gc()`, 90 MB 30 ms later). A mark that read RSS at
 * once still counted garbage the GC had already freed, as much as had piled
 * up since V8's last collection of its own, which moved the soak's marks by
 * 5–8 MB from one to the next. V8's flags are the process's, so a worker's
 * `gc()` run under this sweeps in place too; concurrent sweeping comes back
 * as soon as `collect` is done, so the load between marks runs as always.
 * (The flag is V8's, set at run time as `v8.setFlagsFromString` allows: the
 * bench's simulator runs with V8's defaults, concurrent sweeping on.)
 */
export async function sweepInPlace<T>(collect: () => T | Promise<T>): Promise<T> {
  setFlagsFromString('--no-concurrent-sweeping');
  try {
    return await collect();
  } finally {
    setFlagsFromString('--concurrent-sweeping');
  }
}
