import { describe, expect, it } from 'vitest';
import { spawnMediaWorker, workerExecArgv } from './spawn-media-worker.ts';

describe('workerExecArgv', () => {
  it("keeps how modules load and drops what a worker refuses (the bench's --expose-gc, a -e parent's --input-type)", () => {
    expect(
      workerExecArgv([
        '--import',
        'tsx',
        '--expose-gc',
        '--input-type=module',
        '--max-old-space-size=512',
        '--conditions=development',
        '--enable-source-maps',
      ]),
    ).toEqual(['--import', 'tsx', '--conditions=development', '--enable-source-maps']);
    expect(workerExecArgv(['--input-type', 'module', '--import=tsx'])).toEqual(['--import=tsx']);
    expect(workerExecArgv([])).toEqual([]);
  });
});

describe('spawnMediaWorker', () => {
  it("starts the worker with a small young generation (its objects are a packet's, and die young)", async () => {
    const worker = spawnMediaWorker();
    try {
      expect(worker.resourceLimits?.maxYoungGenerationSizeMb).toBe(8);
    } finally {
      await worker.terminate();
    }
  });
});
