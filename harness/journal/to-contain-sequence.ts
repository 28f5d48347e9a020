import type { JournalEntry } from '../../mock-cec/infrastructure/journal/journal.ts';
import { type EntryPattern, formatPattern } from './entry-pattern.ts';
import { findSequence, type SequenceOptions } from './sequence.ts';

/**
 * `expect(entries).toContainSequence([...patterns])` for `expect.extend` in
 * Vitest or Playwright: both take a `{pass, message}` answer. It judges the
 * entries it is given, at once; a matcher that waits for a live journal
 * calls it again as entries arrive and reports its last message on timeout.
 */
export function toContainSequence(
  received: readonly JournalEntry[],
  patterns: readonly EntryPattern[],
  options?: SequenceOptions,
): { pass: boolean; message: () => string } {
  if (!Array.isArray(received)) {
    return {
      pass: false,
      message: () => `toContainSequence: expected an array of journal entries, got ${typeof received}`,
    };
  }
  const result = findSequence(received, patterns, options);
  if (result.ok) {
    return {
      pass: true,
      message: () =>
        `expected the journal not to contain the sequence, but it does at seq ${result.matched.map((e) => e.seq).join(', ')}:\n${patterns.map((p, i) => `  #${i + 1} ${formatPattern(p)}`).join('\n')}`,
    };
  }
  return { pass: false, message: () => result.message };
}
