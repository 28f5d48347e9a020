import { setFlagsFromString } from 'node:v8';

/**
 * Run `collect` (full collections: each media worker's, then the main
 * loop's) so that when it returns the heaps hold what is alive and little
 * else, and RSS read then is what the process keeps: V8 compacts every old
 * page that has room and sweeps on the collecting thread.
 *
 * Why sweep in place: after a full GC V8 sweeps its pages on helper threads
 * and hands the emptied ones back some 10–30 ms later (a script that freed
 * 80 MB read RSS 171 MB at once after `gc()`, 90 MB 30 ms later), so a mark
 * that read RSS at once still counted garbage the GC had already freed.
 *
 * Why compact: by its own heuristics a full GC only evacuates pages that are
 * mostly empty, so the old generation keeps pages half full of dead objects
 * as free room, more or less of it depending on where in V8's cycle the mark
 * falls. In the soak that room (about 30 MB over both isolates) moved 4–7 MB
 * from one mark to the next and hid the trend of what is alive. A leak is
 * objects kept, and compaction keeps every one of them: it only moves them.
 *
 * V8's flags are the process's, so a worker's `gc()` run under this does the
 * same. Both come back to V8's defaults as soon as `collect` is done, so the
 * load between marks runs as always. (They are V8's, set at run time as
 * `v8.setFlagsFromString` allows; the bench's simulator starts with V8's
 * defaults. `--single-threaded-gc` cannot be set this way: V8 aborts.)
 */
export async function collectInPlace<T>(collect: () => T | Promise<T>): Promise<T> {
  setFlagsFromString('--no-concurrent-sweeping');
  setFlagsFromString('--compact-on-every-full-gc');
  try {
    return await collect();
  } finally {
    setFlagsFromString('--no-compact-on-every-full-gc');
    setFlagsFromString('--concurrent-sweeping');
  }
}
