import type { HttpEntry, JournalEntry } from '../../mock-cec/infrastructure/journal/journal.ts';
import type { StepMark } from '../journal/step-mark.ts';
import { entryRow, type Label, requestLabel, responseLabel, responseTone, type Tone } from './entry-rows.ts';
import { clientLaneOf, type LaneId } from './lanes.ts';
import { capRows, collapsePolls, withGaps } from './row-passes.ts';

/**
 * The ladder as rows, top to bottom, before any drawing: which lanes each
 * journal entry connects and with what words. Pure, so the mapping is tested
 * without parsing SVG.
 */

export type Flavor = 'http' | 'sip' | 'callback' | 'event';

interface Placed {
  /** Where the row sorts: entries at their seq, a request drawn early just before the entry it precedes. */
  pos: number;
  /** The time shown: the entry's, or for a request drawn early the time of the entry it precedes. */
  at: number;
  entry: JournalEntry;
}

export interface ArrowRow extends Placed {
  kind: 'arrow';
  from: LaneId;
  to: LaneId;
  label: Label;
  flavor: Flavor;
  /** A response: drawn dashed. */
  reply: boolean;
  tone: Tone;
}

/** A request and its response with nothing between them: two arrows in one row. */
export interface ExchangeRow extends Placed {
  kind: 'exchange';
  client: LaneId;
  server: LaneId;
  request: Label;
  response: Label;
  flavor: Flavor;
  tone: Tone;
  /** Drawn as one double-headed arrow: a successful long poll, whose event the ladder already shows. */
  compact: boolean;
}

export interface NoteRow extends Placed {
  kind: 'note';
  lane: LaneId;
  label: Label;
  flavor: 'state' | 'media' | 'control' | 'fault';
}

/** A run of long polls that came back without an event, in one row. */
export interface PollsRow extends Placed {
  kind: 'polls';
  count: number;
  last: JournalEntry;
  agents: string[];
}

export interface StepRow {
  kind: 'step';
  pos: number;
  /** 1-based number of the step in the run. */
  number: number;
  mark: StepMark;
}

/** Time jumped (a long wait, or the clock advanced): a break in the ladder. */
export interface GapRow {
  kind: 'gap';
  pos: number;
  ms: number;
}

/** The middle of a very long ladder, left out so the page stays usable. */
export interface OmittedRow {
  kind: 'omitted';
  pos: number;
  rows: number;
  fromSeq: number;
  toSeq: number;
}

export type Row = ArrowRow | ExchangeRow | NoteRow | PollsRow | StepRow | GapRow | OmittedRow;

export interface RowOptions {
  /** A pause at least this long between rows is drawn as a break (default 5000 ms). */
  gapMs?: number;
  /** Runs of at least this many empty polls become one row (default 2). */
  collapsePolls?: number;
  /** At most this many rows: the first and last half are drawn, the middle is left out (default 20,000). */
  maxRows?: number;
}

export function buildRows(
  entries: readonly JournalEntry[],
  marks: readonly StepMark[] = [],
  options: RowOptions = {},
): Row[] {
  const sorted = [...entries].sort((a, b) => a.seq - b.seq);
  const rows: Row[] = [];
  const firstOfCorr = new Map<string, JournalEntry>();
  for (const e of sorted) if (!firstOfCorr.has(e.corr)) firstOfCorr.set(e.corr, e);

  for (const e of sorted) {
    const first = firstOfCorr.get(e.corr)!;
    if (e.kind === 'http' && first !== e) rows.push(...splitExchange(e, first));
    else rows.push(entryRow(e, first));
  }
  for (const [i, mark] of marks.entries()) {
    rows.push({ kind: 'step', pos: mark.afterSeq + 0.25, number: i + 1, mark });
  }
  // A stable sort: rows at the same place keep the order they were made in.
  rows.sort((a, b) => a.pos - b.pos);
  const collapsed = collapsePolls(rows, options.collapsePolls ?? 2);
  return capRows(withGaps(collapsed, options.gapMs ?? 5000), options.maxRows ?? 20_000);
}

/**
 * An HTTP exchange during which the simulator did other things (a token
 * callback, state changes, events, a fault) — the journal writes the HTTP
 * entry last, with the request's correlation id on all of them — is drawn as
 * its request before the first of those and its response after the last.
 */
function splitExchange(e: HttpEntry, first: JournalEntry): ArrowRow[] {
  const client = clientLaneOf(e);
  const base = { kind: 'arrow', entry: e, flavor: 'http' } as const;
  return [
    {
      ...base,
      pos: first.seq - 0.5,
      at: first.at,
      from: client,
      to: 'cec-http',
      label: requestLabel(e),
      reply: false,
      tone: 'ok',
    },
    {
      ...base,
      pos: e.seq,
      at: e.at,
      from: 'cec-http',
      to: client,
      label: responseLabel(e),
      reply: true,
      tone: responseTone(e),
    },
  ];
}
