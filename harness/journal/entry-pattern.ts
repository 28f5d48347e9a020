import type { JournalEntry, JournalKind } from '../../mock-cec/infrastructure/journal/journal.ts';

/**
 * Patterns for journal entries: partial entries whose fields must match.
 *
 *   { kind: 'event', eventType: 'AgentEvent_Ringing', workNo: '101' }
 *   { kind: 'sip', firstLine: /^INVITE/ }
 *   { kind: 'http', api: 'TokenByAkSk', status: 200 }
 *   { kind: 'callback', retCode: (c) => typeof c === 'string' }
 *
 * A field matches its expected value exactly (`===`: `retCode: 0` does not
 * match the string "0", which is the vendor trap a test wants to catch), a
 * RegExp tried on the field's text, or a predicate. Fields the pattern leaves
 * out, or sets to undefined, match anything.
 */
export type FieldMatcher<T> =
  | (unknown extends T ? string | number | boolean | null : T)
  | RegExp
  | ((value: T | undefined) => boolean);

type EntryOf<K extends JournalKind> = Extract<JournalEntry, { kind: K }>;

type PatternOf<E extends JournalEntry> = { kind: E['kind'] } & {
  [F in Exclude<keyof E, 'kind'>]?: FieldMatcher<Exclude<E[F], undefined>>;
};

/** The fields every entry has, for a pattern that does not name a kind. */
interface AnyKindPattern {
  kind?: undefined;
  seq?: FieldMatcher<number>;
  at?: FieldMatcher<number>;
  tenant?: FieldMatcher<string>;
  corr?: FieldMatcher<string>;
}

export type EntryPattern = { [K in JournalKind]: PatternOf<EntryOf<K>> }[JournalKind] | AnyKindPattern;

/** A field of an entry that does not match its pattern. */
export interface Mismatch {
  field: string;
  expected: unknown;
  actual: unknown;
  /** Set when a predicate threw instead of answering. */
  error?: string;
}

/** The fields of `entry` that fail `pattern` (none: it matches). */
export function mismatches(entry: JournalEntry, pattern: EntryPattern): Mismatch[] {
  const out: Mismatch[] = [];
  const fields = entry as unknown as Record<string, unknown>;
  for (const [field, expected] of Object.entries(pattern)) {
    if (expected === undefined) continue;
    const actual = fields[field];
    const verdict = fieldMatches(actual, expected);
    if (verdict !== true) out.push({ field, expected, actual, ...(verdict ? { error: verdict } : {}) });
  }
  return out;
}

export function matches(entry: JournalEntry, pattern: EntryPattern): boolean {
  return mismatches(entry, pattern).length === 0;
}

/** True, false, or the message of a predicate that threw. */
function fieldMatches(actual: unknown, expected: unknown): true | false | string {
  if (expected instanceof RegExp) {
    // search() ignores lastIndex and the g flag: a shared /g pattern cannot match differently per call.
    return actual !== undefined && actual !== null && String(actual).search(expected) !== -1;
  }
  if (typeof expected === 'function') {
    try {
      return expected(actual) === true;
    } catch (err) {
      return `predicate threw: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  return actual === expected;
}

/** A pattern as a reader would write it: {kind: 'sip', firstLine: /^INVITE/}. */
export function formatPattern(pattern: EntryPattern): string {
  const fields = Object.entries(pattern)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${formatValue(v)}`);
  return `{${fields.join(', ')}}`;
}

export function formatValue(v: unknown): string {
  if (v instanceof RegExp) return String(v);
  if (typeof v === 'function') return v.name ? `${v.name}()` : '(predicate)';
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (v === undefined) return 'undefined';
  return JSON.stringify(v) ?? String(v);
}
