import type { JournalEntry } from '../../mock-cec/infrastructure/journal/journal.ts';
import { type EntryPattern, type Mismatch, matches, mismatches } from './entry-pattern.ts';
import { formatSequenceFailure } from './sequence-message.ts';

/**
 * Find journal patterns in order (not necessarily adjacent): the core of
 * `expect(journal).toContainSequence([...])`. When a step is missing, the
 * failure says which, what matched before it, and what was seen instead, so
 * a test fails with a reason rather than a timeout.
 */

export interface SequenceFound {
  ok: true;
  /** The entry each pattern matched, in order. */
  matched: JournalEntry[];
}

/** An entry seen where the missing step was expected, with the fields that differ. */
export interface NearMiss {
  entry: JournalEntry;
  mismatches: Mismatch[];
}

export interface SequenceMissing {
  ok: false;
  /** Index (0-based) of the first pattern not found after the previous step's match. */
  missing: number;
  pattern: EntryPattern;
  steps: number;
  /** The entries the steps before `missing` matched. */
  matched: JournalEntry[];
  /** Entries after the previous match that came closest (same kind, fewest differing fields), or, when none has the kind, the next entries. */
  seenInstead: NearMiss[];
  /** Whether `seenInstead` holds entries of the pattern's kind. */
  sameKind: boolean;
  /** An entry that matches the missing pattern but came before the previous step's match: the order is wrong. */
  earlier?: JournalEntry;
  /** How many entries were searched after the previous match. */
  searchedAfter: number;
  /** How many of them had the pattern's kind (all of them for a pattern without a kind). */
  candidates: number;
  /** `at` of the first entry, for relative times in the message. */
  t0: number;
  /** The failure, formatted for a test failure message. */
  message: string;
}

export type SequenceResult = SequenceFound | SequenceMissing;

export interface SequenceOptions {
  /** Only entries with seq greater than this take part (e.g. the journal's count when a step began). */
  sinceSeq?: number;
  /** How many near misses to report (default 3). */
  closest?: number;
}

export function findSequence(
  journal: readonly JournalEntry[],
  patterns: readonly EntryPattern[],
  options: SequenceOptions = {},
): SequenceResult {
  const entries = inSeqOrder(journal).filter((e) => e.seq > (options.sinceSeq ?? -Infinity));
  const matched: JournalEntry[] = [];
  let from = 0;
  // Taking the earliest match for each step is optimal for an in-order search: it leaves the most entries for the rest.
  for (const [index, pattern] of patterns.entries()) {
    const at = indexOfMatch(entries, pattern, from);
    if (at === -1) return missing(entries, patterns, index, matched, from, options.closest ?? 3);
    matched.push(entries[at]!);
    from = at + 1;
  }
  return { ok: true, matched };
}

function missing(
  entries: readonly JournalEntry[],
  patterns: readonly EntryPattern[],
  index: number,
  matched: JournalEntry[],
  from: number,
  closest: number,
): SequenceMissing {
  const pattern = patterns[index]!;
  const after = entries.slice(from);
  const ofKind = pattern.kind === undefined ? after : after.filter((e) => e.kind === pattern.kind);
  const ranked = ofKind
    .map((entry) => ({ entry, mismatches: mismatches(entry, pattern) }))
    // A stable sort: among equally close entries, the earliest comes first.
    .sort((a, b) => a.mismatches.length - b.mismatches.length);
  const sameKind = ranked.length > 0;
  const seenInstead = sameKind
    ? ranked.slice(0, closest)
    : after.slice(0, closest).map((entry) => ({ entry, mismatches: mismatches(entry, pattern) }));
  const before = entries.slice(0, from);
  const earlier = index > 0 ? before.find((e) => matches(e, pattern)) : undefined;
  const failure: Omit<SequenceMissing, 'message'> = {
    ok: false,
    missing: index,
    pattern,
    steps: patterns.length,
    matched,
    seenInstead,
    sameKind,
    earlier,
    searchedAfter: after.length,
    candidates: ofKind.length,
    t0: entries[0]?.at ?? 0,
  };
  return { ...failure, message: formatSequenceFailure(failure) };
}

function indexOfMatch(entries: readonly JournalEntry[], pattern: EntryPattern, from: number): number {
  for (let i = from; i < entries.length; i++) if (matches(entries[i]!, pattern)) return i;
  return -1;
}

/** Entries sorted by seq (a copy only when the input is out of order, e.g. merged from two files). */
function inSeqOrder(entries: readonly JournalEntry[]): readonly JournalEntry[] {
  for (let i = 1; i < entries.length; i++) {
    if (entries[i]!.seq < entries[i - 1]!.seq) return [...entries].sort((a, b) => a.seq - b.seq);
  }
  return entries;
}
