import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { expect, it } from 'vitest';
import { commandLine, cpuMicros, descendants, privateDirtyBytes, pssBytes, rssBytes } from './proc-stats.ts';

it('reads a live process and finds a child below it (Linux /proc)', async () => {
  const child = spawn(process.execPath, ['-e', 'process.stdin.resume()'], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  try {
    await once(child, 'spawn');
    expect(descendants(process.pid)).toContain(child.pid);
    expect(commandLine(child.pid!)).toContain('process.stdin.resume()');
    expect(cpuMicros(process.pid)).toBeGreaterThan(0);
    for (const read of [rssBytes, pssBytes, privateDirtyBytes]) expect(read(process.pid)).toBeGreaterThan(0);
  } finally {
    child.kill();
  }
});

it('gives NaN for a process that is gone, instead of throwing', () => {
  const gone = 2 ** 22 + 1; // above Linux's pid_max
  expect(cpuMicros(gone)).toBeNaN();
  expect(rssBytes(gone)).toBeNaN();
  expect(commandLine(gone)).toBe('');
  expect(descendants(gone)).toEqual([]);
});
