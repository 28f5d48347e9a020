import type { z } from 'zod';
import type { JournalEntry } from '../../mock-cec/infrastructure/journal/journal.ts';
import { journalEntrySchema } from './entry-schema.ts';

/** A line of an NDJSON journal that is no journal entry. */
export interface LineError {
  line: number;
  message: string;
}

export type NdjsonResult = { ok: true; entries: JournalEntry[] } | { ok: false; errors: LineError[] };

/**
 * Read a journal exported as NDJSON (`GET /__mock/journal?format=ndjson`, or
 * `toNdjson`): one entry per line; blank lines are skipped. Every bad line is
 * reported with its number, so a hand-edited file can be fixed in one pass.
 */
export function parseNdjson(text: string, maxErrors = 20): NdjsonResult {
  const entries: JournalEntry[] = [];
  const errors: LineError[] = [];
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const result = parseLine(line);
    if (typeof result === 'string') {
      errors.push({ line: i + 1, message: result });
      if (errors.length >= maxErrors) break;
    } else {
      entries.push(result);
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, entries };
}

function parseLine(line: string): JournalEntry | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return `not JSON (${err instanceof Error ? err.message : String(err)})`;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return `expected a journal entry (a JSON object), got ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`;
  }
  const parsed = journalEntrySchema.safeParse(value);
  return parsed.success ? parsed.data : issueText(parsed.error, value);
}

function issueText(error: z.ZodError, value: object): string {
  const issue = error.issues[0]!;
  const kind = 'kind' in value ? value.kind : undefined;
  if (issue.path.length === 1 && issue.path[0] === 'kind') {
    return `unknown kind ${JSON.stringify(kind)} (expected http, sip, state, callback, fault, control, media or event)`;
  }
  const field = issue.path.join('.') || '(entry)';
  const absent = issue.path.length === 1 && !(String(issue.path[0]) in value);
  return `${String(kind)} entry: ${field}: ${absent ? `missing (${issue.message.replace(/^Invalid input: /, '').replace(/, received undefined$/, '')})` : issue.message}`;
}
