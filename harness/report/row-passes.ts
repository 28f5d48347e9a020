import type { HttpEntry } from '../../mock-cec/infrastructure/journal/journal.ts';
import type { ExchangeRow, Row } from './ladder-rows.ts';

/** Passes over the ladder's rows that keep a long journal readable. */

/** An empty long poll: the agent gateway's `agentevent` answering without an event (docs/vendor/agent-gateway.md). */
function isQuietPoll(row: Row): row is ExchangeRow {
  if (row.kind !== 'exchange' || row.entry.kind !== 'http') return false;
  const e = row.entry;
  return (
    e.api === 'agentevent.poll' &&
    e.status === 200 &&
    (e.code === undefined || e.code === '0') &&
    (e.note === undefined || e.note === 'no event') &&
    e.fault === undefined
  );
}

/** Runs of at least `minRun` empty polls become one row "×N polls". */
export function collapsePolls(rows: Row[], minRun: number): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j < rows.length && isQuietPoll(rows[j]!)) j++;
    if (j - i >= minRun) {
      const run = rows.slice(i, j) as ExchangeRow[];
      const agents = [...new Set(run.map((r) => (r.entry as HttpEntry).path.split('/').pop() ?? '?'))];
      out.push({
        kind: 'polls',
        pos: run[0]!.pos,
        at: run[0]!.at,
        entry: run[0]!.entry,
        last: run.at(-1)!.entry,
        count: run.length,
        agents,
      });
      i = j;
    } else {
      out.push(rows[i]!);
      i++;
    }
  }
  return out;
}

/** A break where time jumps by `gapMs` or more between rows. */
export function withGaps(rows: Row[], gapMs: number): Row[] {
  const out: Row[] = [];
  let lastAt: number | undefined;
  for (const row of rows) {
    if ('entry' in row) {
      if (lastAt !== undefined && row.at - lastAt >= gapMs) {
        out.push({ kind: 'gap', pos: row.pos, ms: row.at - lastAt });
      }
      lastAt = row.kind === 'polls' ? row.last.at : row.at;
    }
    out.push(row);
  }
  return out;
}

/** Past `max` rows, the first and last halves stay and the middle becomes one row saying what was left out. */
export function capRows(rows: Row[], max: number): Row[] {
  if (rows.length <= max) return rows;
  const half = Math.max(1, Math.floor(max / 2));
  const middle = rows.slice(half, rows.length - half);
  let fromSeq = Number.POSITIVE_INFINITY;
  let toSeq = Number.NEGATIVE_INFINITY;
  for (const r of middle) {
    if (!('entry' in r)) continue;
    fromSeq = Math.min(fromSeq, r.entry.seq);
    toSeq = Math.max(toSeq, r.kind === 'polls' ? r.last.seq : r.entry.seq);
  }
  const omitted: Row = { kind: 'omitted', pos: middle[0]!.pos, rows: middle.length, fromSeq, toSeq };
  return [...rows.slice(0, half), omitted, ...rows.slice(rows.length - half)];
}
