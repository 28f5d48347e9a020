import type { JournalEntry } from '../../mock-cec/infrastructure/journal/journal.ts';
import { describeEntry } from '../journal/describe-entry.ts';
import type { Label } from './entry-rows.ts';
import { clipEnd, clipMiddle, escapeHtml as esc, escapeText } from './escape-html.ts';
import { charsIn, geometry, type Layout, rowHeight } from './ladder-geometry.ts';
import type { ArrowRow, ExchangeRow, NoteRow, PollsRow, Row, StepRow } from './ladder-rows.ts';
import { type LaneId, laneTitles } from './lanes.ts';

/**
 * Rows drawn as one SVG: lanes as vertical lines, time down the left gutter,
 * each row a group with a `<title>` (the browser's own hover tooltip: details
 * without any script).
 */
export function renderRowsSvg(rows: readonly Row[], layout: Layout, t0: number, idPrefix = ''): string {
  let y = 0;
  let lastTime = '';
  const parts: string[] = [];
  for (const row of rows) {
    const h = rowHeight(row);
    const time = 'entry' in row ? formatOffset(row.at - t0) : '';
    parts.push(`<g class="${rowClass(row)}" transform="translate(0,${y})"${anchor(row, idPrefix)}>`);
    parts.push(
      `<title>${escapeText(hoverText(row, t0))}</title><rect class="hit" width="${layout.width}" height="${h}"/>`,
    );
    if (time)
      parts.push(
        `<text class="time${time === lastTime ? ' same' : ''}" x="${geometry.gutter - 10}" y="${h / 2 + 4}">${time}</text>`,
      );
    parts.push(drawRow(row, layout));
    parts.push('</g>');
    if (time) lastTime = time;
    y += h;
  }
  const lanes = layout.lanes.map(
    (l) => `<line class="lane" x1="${layout.x(l)}" x2="${layout.x(l)}" y1="0" y2="${y}"/>`,
  );
  return `<svg class="ladder" xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${y}" viewBox="0 0 ${layout.width} ${y}">${lanes.join('')}${parts.join('')}</svg>`;
}

/** The lane titles, as a separate SVG the page keeps in view while scrolling. */
export function renderLaneHeader(layout: Layout): string {
  const w = geometry.laneGap - 24;
  const boxes = layout.lanes.map((l: LaneId) => {
    const x = layout.x(l);
    return `<rect class="lane-box" x="${x - w / 2}" y="4" width="${w}" height="24" rx="4"/><text class="lane-title" x="${x}" y="20">${esc(laneTitles[l])}</text>`;
  });
  return `<svg class="lane-header" xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="32"><text class="time" x="${geometry.gutter - 10}" y="20">ms</text>${boxes.join('')}</svg>`;
}

function drawRow(row: Row, layout: Layout): string {
  switch (row.kind) {
    case 'arrow':
      return drawArrow(row, layout);
    case 'exchange':
      return drawExchange(row, layout);
    case 'note':
      return drawNote(row, layout);
    case 'polls':
      return drawPolls(row, layout);
    case 'step':
      return drawStep(row, layout);
    case 'gap':
      return `<line class="gap-line" x1="${geometry.gutter}" x2="${layout.width}" y1="11" y2="11"/><text class="gap" x="${layout.width / 2}" y="15">${esc(`⋯ ${formatDuration(row.ms)} later ⋯`)}</text>`;
    case 'omitted': {
      const text = `⋯ ${thousands(row.rows)} rows not drawn (seq ${row.fromSeq}–${row.toSeq}): draw a narrower journal, e.g. npm run ladder -- --from-seq ${row.fromSeq} ⋯`;
      return `<rect class="band omitted" x="0" y="2" width="${layout.width}" height="22"/><text class="gap" x="${layout.width / 2}" y="17">${esc(text)}</text>`;
    }
  }
}

function drawArrow(row: ArrowRow, layout: Layout): string {
  return line(layout.x(row.from), layout.x(row.to), 18, row.reply, row.label, layout);
}

function drawExchange(row: ExchangeRow, layout: Layout): string {
  const client = layout.x(row.client);
  const server = layout.x(row.server);
  if (row.compact) {
    const label = {
      text: row.request.text,
      tag: row.response.tag ? `${row.response.text} · ${row.response.tag}` : row.response.text,
    };
    return line(client, server, 18, true, label, layout, true);
  }
  const response = line(server, client, 37, true, row.response, layout);
  return (
    line(client, server, 16, false, row.request, layout) +
    (row.tone === 'bad' ? `<g class="bad">${response}</g>` : response)
  );
}

/**
 * An arrow from x1 to x2 at height y, its label centred above it. A row holds
 * one arrow, so a label may run past a short arrow's ends (over the
 * neighbouring lanes) rather than be cut short; it stays inside the drawing.
 */
function line(
  x1: number,
  x2: number,
  y: number,
  dashed: boolean,
  label: Label,
  layout: Layout,
  both = false,
): string {
  const d = Math.sign(x2 - x1) || 1;
  const head = `M${x2},${y} l${-8 * d},-4 v8 z${both ? ` M${x1},${y} l${8 * d},-4 v8 z` : ''}`;
  const chars = charsIn(Math.max(Math.abs(x2 - x1) + geometry.laneGap, geometry.laneGap * 2) - 16);
  const half = (labelLength(label, chars) * geometry.charWidth) / 2;
  const x = Math.max(geometry.gutter + half + 2, Math.min((x1 + x2) / 2, layout.width - half - 2));
  return (
    `<line class="ln${dashed ? ' dash' : ''}" x1="${x1 + (both ? 6 * d : 0)}" x2="${x2 - 6 * d}" y1="${y}" y2="${y}"/><path class="ah" d="${head}"/>` +
    `<text class="lbl" x="${x}" y="${y - 4}">${labelSpans(label, chars)}</text>`
  );
}

function drawNote(row: NoteRow, layout: Layout): string {
  const chars = charsIn(geometry.laneGap * 2 - 24);
  const text = labelSpans(row.label, chars);
  const width = Math.min(labelLength(row.label, chars), chars) * geometry.charWidth + 14;
  const x = Math.max(geometry.gutter, Math.min(layout.x(row.lane) - width / 2, layout.width - width - 2));
  return `<rect class="note" x="${x}" y="4" width="${width}" height="18" rx="3"/><text class="lbl note-text" x="${x + width / 2}" y="17">${text}</text>`;
}

function drawPolls(row: PollsRow, layout: Layout): string {
  const label: Label = {
    text: `×${row.count} agentevent.poll, no event`,
    tag: `agent ${row.agents.join(', ')}`,
  };
  return line(layout.x('page'), layout.x('cec-http'), 18, true, label, layout, true);
}

function drawStep(row: StepRow, layout: Layout): string {
  const { mark } = row;
  const h = rowHeight(row);
  const chars = charsIn(layout.width - 24);
  const title = `${mark.ok ? '✓' : '✗'} step ${row.number}: ${mark.label}`;
  const error = mark.error
    ? `<text class="step-error" x="12" y="35">${esc(clipEnd(mark.error.split('\n')[0]!, chars))}</text>`
    : '';
  return `<rect class="band" x="0" y="2" width="${layout.width}" height="${h - 4}"/><text class="step-title" x="12" y="19">${esc(clipEnd(title, chars))}</text>${error}`;
}

/** The label's text, its fault (red) and its tag (quiet), cut to `chars` characters. */
function labelSpans(label: Label, chars: number): string {
  const main = clipEnd(label.text, chars);
  let rest = chars - main.length;
  let out = `<tspan class="main">${esc(main)}</tspan>`;
  if (label.fault && rest > 4) {
    const fault = clipEnd(`⚡${label.fault}`, rest - 1);
    out += `<tspan class="flt" dx="6">${esc(fault)}</tspan>`;
    rest -= fault.length + 1;
  }
  if (label.tag && rest > 5)
    out += `<tspan class="tag" dx="6">${esc(clipMiddle(label.tag, rest - 1))}</tspan>`;
  return out;
}

function labelLength(label: Label, chars: number): number {
  const fault = label.fault ? label.fault.length + 2 : 0;
  const tag = label.tag ? label.tag.length + 1 : 0;
  return Math.min(chars, label.text.length + fault + tag);
}

function rowClass(row: Row): string {
  switch (row.kind) {
    case 'arrow':
      return `row f-${row.flavor}${row.tone === 'bad' ? ' bad' : ''}`;
    case 'exchange':
      // Only the response of a failed exchange is red (drawExchange): the request was fine.
      return `row f-${row.flavor}`;
    case 'note':
      return `row n-${row.flavor}`;
    case 'polls':
      return 'row f-http polls';
    case 'step':
      return `row step${row.mark.ok ? '' : ' failed'}`;
    case 'gap':
    case 'omitted':
      return 'row gap-row';
  }
}

/** An anchor per entry (`#seq-42`), and per step (`#step-3`), for links from a test report. */
function anchor(row: Row, prefix: string): string {
  if (row.kind === 'step') return ` id="${prefix}step-${row.number}"`;
  if (row.kind === 'arrow' && row.entry.kind === 'http' && !row.reply) return '';
  return 'entry' in row ? ` id="${prefix}seq-${row.entry.seq}"` : '';
}

function hoverText(row: Row, t0: number): string {
  switch (row.kind) {
    case 'step':
      return `step ${row.number}: ${row.mark.label}${row.mark.ok ? '' : `\nfailed: ${row.mark.error ?? '(no message)'}`}`;
    case 'gap':
      return `${formatDuration(row.ms)} without an entry`;
    case 'omitted':
      return `${row.rows} rows left out between seq ${row.fromSeq} and ${row.toSeq}`;
    case 'polls':
      return `seq ${row.entry.seq}–${row.last.seq}: ${row.count} long polls answered without an event (agent ${row.agents.join(', ')}), +${row.entry.at - t0} ms to +${row.last.at - t0} ms`;
    default:
      return entryHover(row.entry, t0);
  }
}

/** What happened in words, then the whole entry as the journal holds it (compact JSON, as in NDJSON). */
function entryHover(e: JournalEntry, t0: number): string {
  const json = JSON.stringify(e);
  return `seq ${e.seq} · +${e.at - t0} ms · ${isoTime(e.at)}\n${describeEntry(e)}\n${clipEnd(json, 2000)}`;
}

/** Milliseconds since the first entry, thousands separated ("+12,345"); whole seconds past 100 s ("+3,600 s"). */
export function formatOffset(ms: number): string {
  return ms < 100_000 ? `+${thousands(ms)}` : `+${thousands(Math.floor(ms / 1000))} s`;
}

/** 12345 → "12,345" (Intl's toLocaleString costs more than the rest of a row). */
function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const min = Math.floor(ms / 60_000);
  return `${min} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function isoTime(at: number): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? String(at) : d.toISOString();
}
