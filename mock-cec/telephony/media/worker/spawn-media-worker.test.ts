import { describe, expect, it } from 'vitest';
import { workerExecArgv } from './spawn-media-worker.ts';

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
