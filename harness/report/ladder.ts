import type { JournalEntry } from '../../mock-cec/infrastructure/journal/journal.ts';
import type { StepMark } from '../journal/step-mark.ts';
import { escapeHtml as esc } from './escape-html.ts';
import { layoutFor } from './ladder-geometry.ts';
import { buildRows, type Row, type RowOptions } from './ladder-rows.ts';
import { ladderStyle } from './ladder-style.ts';
import { renderLaneHeader, renderRowsSvg } from './ladder-svg.ts';
import { type LaneId, laneOrder } from './lanes.ts';
import { type RecordingLink, recordingLinks } from './recording-links.ts';

export interface LadderOptions extends RowOptions {
  title?: string;
  /** A scenario run's steps, drawn as bands; failing ones in red with their error. */
  marks?: readonly StepMark[];
  /** Only this tenant's entries. Without it, several tenants get a section each. */
  tenant?: string;
  /** The run's recorded calls, to listen to in the page (recording-links.ts). */
  recordings?: readonly RecordingLink[];
}

/**
 * A journal as a ladder (sequence) diagram: one self-contained HTML page with
 * inline CSS and SVG, readable without scripts (hover details are SVG titles).
 * Lanes left to right: page, integration, CEC HTTP, CEC SIP, softphone,
 * customer; time runs down.
 */
export function renderLadder(entries: readonly JournalEntry[], options: LadderOptions = {}): string {
  const title = options.title ?? 'mock-cec journal';
  const marks = options.marks ?? [];
  const sections = sectionsOf(entries, options.tenant);
  const many = sections.length > 1;
  const body = sections.map((s, i) => renderSection(s, marks, options, many ? `t${i + 1}-` : '')).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${ladderStyle}</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<p class="summary">${esc(summary(entries, sections, marks))}</p>
${failures(marks, many ? 't1-' : '')}
${recordingLinks(options.recordings ?? [])}
${legend}
</header>
${body}
</body>
</html>
`;
}

interface Section {
  /** The tenant, or undefined for entries no tenant could be told for. */
  tenant: string | undefined;
  entries: JournalEntry[];
  /** Whether the page has several sections (each then says whose it is). */
  named: boolean;
}

function sectionsOf(entries: readonly JournalEntry[], tenant: string | undefined): Section[] {
  if (tenant !== undefined)
    return [{ tenant, entries: entries.filter((e) => e.tenant === tenant), named: true }];
  const byTenant = new Map<string | undefined, JournalEntry[]>();
  for (const e of entries) {
    const list = byTenant.get(e.tenant) ?? [];
    if (list.length === 0) byTenant.set(e.tenant, list);
    list.push(e);
  }
  const tenants = [...byTenant.keys()].filter((t) => t !== undefined);
  // One tenant: its entries and those without a tenant (a refused TokenByAkSk names none) stay together.
  if (tenants.length <= 1) return [{ tenant: tenants[0], entries: [...entries], named: false }];
  return [...byTenant].map(([t, list]) => ({ tenant: t, entries: list, named: true }));
}

function renderSection(
  section: Section,
  marks: readonly StepMark[],
  options: RowOptions,
  idPrefix: string,
): string {
  const heading = section.named
    ? `<h2>${section.tenant === undefined ? 'Entries without a tenant' : `Tenant <code>${esc(section.tenant)}</code>`} <span class="count">${section.entries.length} entries</span></h2>`
    : '';
  if (section.entries.length === 0) {
    const whose = section.tenant === undefined ? '' : ` for tenant ${section.tenant}`;
    return `<section>${heading}<p class="empty">No journal entries${esc(whose)}.</p></section>`;
  }
  const rows = buildRows(section.entries, marks, options);
  const layout = layoutFor(lanesUsed(rows));
  const t0 = timeSpan(section.entries).first;
  return `<section>${heading}<div class="lanes-sticky">${renderLaneHeader(layout)}</div>${renderRowsSvg(rows, layout, t0, idPrefix)}</section>`;
}

/** The six lanes always (a reader learns one picture); `client` only when an entry needs it. */
function lanesUsed(rows: readonly Row[]): LaneId[] {
  const needsClient = rows.some(
    (r) =>
      (r.kind === 'exchange' && r.client === 'client') ||
      (r.kind === 'arrow' && (r.from === 'client' || r.to === 'client')),
  );
  return laneOrder.filter((l) => l !== 'client' || needsClient);
}

function summary(entries: readonly JournalEntry[], sections: Section[], marks: readonly StepMark[]): string {
  const parts = [`${entries.length} entries`];
  const tenants = new Set(entries.flatMap((e) => (e.tenant === undefined ? [] : [e.tenant])));
  if (tenants.size > 0) parts.push(`tenant${tenants.size > 1 ? 's' : ''} ${[...tenants].join(', ')}`);
  if (sections.length === 1 && sections[0]!.named) parts.push(`shown: tenant ${sections[0]!.tenant}`);
  if (entries.length > 0) {
    const { first, last } = timeSpan(entries);
    parts.push(`from ${new Date(first).toISOString()}, ${((last - first) / 1000).toFixed(1)} s`);
  }
  if (marks.length > 0) {
    const failed = marks.filter((m) => !m.ok).length;
    parts.push(`${marks.length} steps${failed ? `, ${failed} failed` : ', all passed'}`);
  }
  return parts.join(' · ');
}

/** Failing steps listed at the top, each linked to its band. */
function failures(marks: readonly StepMark[], idPrefix: string): string {
  const items = marks.flatMap((m, i) =>
    m.ok
      ? []
      : [
          `<li><a href="#${idPrefix}step-${i + 1}">✗ step ${i + 1}: ${esc(m.label)}</a>${m.error ? `<pre>${esc(m.error)}</pre>` : ''}</li>`,
        ],
  );
  return items.length ? `<ul class="failures">${items.join('')}</ul>` : '';
}

const legend = `<p class="legend">
<span class="k f-http">HTTP</span><span class="k f-sip">SIP</span><span class="k f-callback">token callback</span><span class="k f-event">agent event</span><span class="k n-state">state</span><span class="k n-media">media</span><span class="k n-control">control</span><span class="k n-fault">fault</span><span class="k bad">failure</span>
<span class="hint">dashed: response · hover a row for the whole entry</span>
</p>`;

/** Earliest and latest `at` (a loop: spreading a large journal into Math.min overflows the stack). */
function timeSpan(entries: readonly JournalEntry[]): { first: number; last: number } {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const e of entries) {
    if (e.at < first) first = e.at;
    if (e.at > last) last = e.at;
  }
  return { first, last };
}
