import { expect, it } from 'vitest';
import { type BrowserMemory, browserGrowth, type ProcessMemory, totalPss } from './browser-memory.ts';

const MB = 2 ** 20;
const proc = (renderer: boolean, privateMb: number, rssMb: number, pssMb = rssMb): ProcessMemory => ({
  renderer,
  private: privateMb * MB,
  rss: rssMb * MB,
  pss: pssMb * MB,
});
const snapshot = (entries: [number, ProcessMemory][], jsHeapMb: number): BrowserMemory => ({
  processes: new Map(entries),
  jsHeap: jsHeapMb * MB,
});

it('counts growth only over processes alive at both snapshots', () => {
  const before = snapshot(
    [
      [1, proc(false, 40, 100)], // the browser process
      [2, proc(true, 10, 50)], // the page's renderer
      [3, proc(true, 6, 20)], // a spare renderer Chromium drops
    ],
    2,
  );
  const after = snapshot(
    [
      [1, proc(false, 41, 101)],
      [2, proc(true, 16, 65)],
      [4, proc(true, 30, 60)], // a renderer that came meanwhile
    ],
    3.5,
  );
  expect(browserGrowth(before, after)).toEqual({
    rendererPrivate: 6 * MB,
    rendererRss: 15 * MB,
    allPrivate: 7 * MB,
    jsHeap: 1.5 * MB,
  });
  expect(totalPss(after)).toBe(226 * MB);
});

it('skips a process it could not read (gone between listing and reading)', () => {
  const before = snapshot([[2, proc(true, 10, 50)]], 0);
  const after = snapshot([[2, { ...proc(true, 12, 55), private: Number.NaN }]], 0);
  expect(browserGrowth(before, after)).toEqual({
    rendererPrivate: 0,
    rendererRss: 0,
    allPrivate: 0,
    jsHeap: 0,
  });
});
