import type { JournalEntry } from '../../mock-cec/infrastructure/journal/journal.ts';
import { describeEntry, relativeTime } from './describe-entry.ts';
import { formatPattern, formatValue, type Mismatch } from './entry-pattern.ts';
import type { SequenceMissing } from './sequence.ts';

/**
 * The failure of a sequence search as a test failure message: the missing
 * step first, then the step before it, then what was seen instead.
 *
 *   journal sequence: step 3 of 4 not found: {kind: 'sip', firstLine: /^INVITE/}
 *     after step 2, matched by seq 12 (+35 ms) event AgentState_Ready to agent 101
 *     seen instead (closest of 2 sip entries after seq 12):
 *       seq 14 (+40 ms) sip in wss 127.0.0.1:5555 REGISTER sip:… — firstLine: 'REGISTER …' does not match /^INVITE/
 *     out of order: seq 9 (+20 ms) matches step 3 but comes before step 2's match
 */
export function formatSequenceFailure(f: Omit<SequenceMissing, 'message'>): string {
  const step = f.missing + 1;
  const at = (e: JournalEntry) => `seq ${e.seq} (${relativeTime(e.at, f.t0)}) ${clip(describeEntry(e), 160)}`;
  const previous = f.matched.at(-1);
  const lines = [`journal sequence: step ${step} of ${f.steps} not found: ${formatPattern(f.pattern)}`];
  if (previous) lines.push(`  after step ${step - 1}, matched by ${at(previous)}`);

  const where = previous ? `after seq ${previous.seq}` : 'in the journal';
  const kind = f.pattern.kind ? `${f.pattern.kind} ` : '';
  if (f.searchedAfter === 0) {
    lines.push(`  seen instead: nothing, no entries ${where}`);
  } else if (f.sameKind) {
    const of = f.pattern.kind ? ` of ${f.candidates} ${kind}entries ${where}` : ` ${where}`;
    lines.push(`  seen instead (closest${of}):`);
    for (const m of f.seenInstead)
      lines.push(`    ${at(m.entry)} — ${m.mismatches.map(formatMismatch).join('; ')}`);
  } else {
    lines.push(`  seen instead: no ${kind}entries ${where}; the next ${f.seenInstead.length} were:`);
    for (const m of f.seenInstead) lines.push(`    ${at(m.entry)}`);
  }
  if (f.earlier) {
    lines.push(
      `  out of order: ${at(f.earlier)} matches step ${step} but comes before step ${step - 1}'s match`,
    );
  }
  if (f.matched.length > 1) {
    lines.push(`  steps matched: ${f.matched.map((e, i) => `#${i + 1} seq ${e.seq}`).join(', ')}`);
  }
  return lines.join('\n');
}

export function formatMismatch(m: Mismatch): string {
  const actual = clip(formatValue(m.actual), 80);
  if (m.error) return `${m.field}: ${m.error}`;
  if (m.expected instanceof RegExp) return `${m.field}: ${actual} does not match ${m.expected}`;
  if (typeof m.expected === 'function') return `${m.field}: ${actual} fails ${formatValue(m.expected)}`;
  return `${m.field}: expected ${formatValue(m.expected)}, got ${actual}`;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
