import type { JournalEntry } from '../../mock-cec/infrastructure/journal/journal.ts';
import type { JournalSource } from '../actors/cec.ts';
import { END, START, STEP } from './record.ts';

/**
 * Read the run's journal once it has been quiet for `quietMs` (at most
 * `maxMs`). After the last step, messages it set off are still in flight (the
 * 200 to a BYE, the bar's next poll): cutting the journal once they have
 * landed makes the recorded run the same from one run to the next. Read over
 * the control API, the tenant's own entries only, so another tenant busy on a
 * shared simulator never keeps it waiting.
 *
 * The quiet already passed counts: when the last entry that is not the
 * runner's own mark is older than the run's end mark by `quietMs` (the last
 * steps were expectations that set nothing off), the first read is the one.
 */
export async function settle(source: JournalSource, quietMs = 150, maxMs = 1500): Promise<JournalEntry[]> {
  const started = performance.now();
  let entries = await source.entries();
  let lastChange = performance.now() - (quietBefore(entries) ?? 0);
  for (;;) {
    const now = performance.now();
    if (now - lastChange >= quietMs || now - started >= maxMs) return entries;
    await new Promise((r) => setTimeout(r, Math.min(50, quietMs)));
    const next = await source.entries();
    if (next.length !== entries.length) lastChange = performance.now();
    entries = next;
  }
}

const isMark = (e: JournalEntry) =>
  e.kind === 'control' && (e.action === START || e.action === STEP || e.action === END);

/**
 * How long the journal had been quiet when the run's last mark was written,
 * by the entries' own times: from the last entry not a mark to the last mark.
 * Never more than the truth: a mark is stamped by the simulator's clock, a
 * tenant's entries by the tenant's, which only runs ahead of it (advanced
 * clocks), so a moved clock only makes the quiet look shorter. Undefined
 * without a mark or another entry.
 */
export function quietBefore(entries: readonly JournalEntry[]): number | undefined {
  let mark: JournalEntry | undefined;
  let other: JournalEntry | undefined;
  for (const e of entries) {
    if (isMark(e)) mark = e;
    else other = e;
  }
  if (!mark || !other) return undefined;
  if (other.seq > mark.seq) return 0;
  return Math.max(0, mark.at - other.at);
}
