import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../mock-cec/infrastructure/journal/journal.ts';
import { END, STEP } from './record.ts';
import { quietBefore, settle } from './settle.ts';

const http = (seq: number, at: number) => ({ seq, at, kind: 'http', tenant: 't' }) as unknown as JournalEntry;
const control = (seq: number, at: number, action: string) =>
  ({ seq, at, kind: 'control', tenant: 't', action }) as unknown as JournalEntry;

/** A journal source answering the given reads in turn (the last one again once they run out). */
function source(reads: JournalEntry[][]) {
  let n = 0;
  return {
    reads: () => n,
    entries: async () => reads[Math.min(n++, reads.length - 1)]!,
    describe: () => 'test journal',
  };
}

describe('quietBefore', () => {
  it('is the time from the last entry that is not a mark to the last mark', () => {
    expect(quietBefore([http(1, 1000), control(2, 1100, STEP), control(3, 1400, END)])).toBe(400);
    expect(quietBefore([control(1, 1000, STEP), http(2, 1390), control(3, 1400, END)])).toBe(10);
  });

  it('counts a tenant ahead of the simulator (an advanced clock) as no quiet, and cannot tell without a mark', () => {
    // Marks carry the simulator's time, the tenant's entries its own: 60 s ahead after an advanceClock.
    expect(quietBefore([control(1, 1_000, 'clock.advance'), http(2, 61_100), control(3, 1_400, END)])).toBe(
      0,
    );
    expect(quietBefore([control(1, 1_000, 'fault.add'), http(2, 1_100), control(3, 1_400, END)])).toBe(300);
    expect(quietBefore([http(1, 1000), http(2, 1100)])).toBeUndefined();
  });
});

describe('settle', () => {
  it('reads once when the journal has been quiet long enough before the end mark', async () => {
    const s = source([[http(1, 1000), control(2, 1400, END)]]);
    expect(await settle(s, 150)).toHaveLength(2);
    expect(s.reads()).toBe(1);
  });

  it('waits for a quiet window when the last entry is recent, and keeps what lands meanwhile', async () => {
    const first = [http(1, 1000), control(2, 1010, END)];
    const s = source([first, first, [...first, http(3, 1080)]]);
    const entries = await settle(s, 150);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(s.reads()).toBeGreaterThan(3);
  });
});
