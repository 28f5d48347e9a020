import type { JournalEntry } from '../../mock-cec/infrastructure/journal/journal.ts';
import type { JournalSource } from '../actors/cec.ts';

/**
 * Read the run's journal once it has been quiet for `quietMs` (at most
 * `maxMs`). After the last step, messages it set off are still in flight (the
 * 200 to a BYE, the bar's next poll): cutting the journal once they have
 * landed makes the recorded run the same from one run to the next. Read over
 * the control API, the tenant's own entries only, so another tenant busy on a
 * shared simulator never keeps it waiting.
 */
export async function settle(source: JournalSource, quietMs = 150, maxMs = 1500): Promise<JournalEntry[]> {
  const started = performance.now();
  let entries = await source.entries();
  let lastChange = performance.now();
  for (;;) {
    const now = performance.now();
    if (now - lastChange >= quietMs || now - started >= maxMs) return entries;
    await new Promise((r) => setTimeout(r, Math.min(50, quietMs)));
    const next = await source.entries();
    if (next.length !== entries.length) lastChange = performance.now();
    entries = next;
  }
}
