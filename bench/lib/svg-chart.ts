/**
 * Small SVG charts for the benchmarks' reports: lines (with optional vertical
 * markers and an "x = y" diagonal) and grouped bars, and a way to stack
 * several into one picture. Pure: data in, SVG text out, the same text for the
 * same data (so a chart can be committed and diffed).
 *
 * Hand-written rather than a library: the charts are a few lines and bars with
 * axes and a legend (~200 lines here). d3 draws SVG through a DOM (jsdom in
 * Node), Vega and Chart.js bring a renderer and canvas bindings, and the small
 * string-only SVG chart packages on npm are little used or unmaintained; none
 * beats a module that is this project's own, deterministic and tested.
 */
import { fmt } from './table.ts';

export interface Point {
  x: number;
  y: number;
}

export interface LineSeries {
  name: string;
  /** Points in drawing order; a point with a non-finite coordinate breaks the line there. */
  points: readonly Point[];
  dashed?: boolean;
}

export interface LineChart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly LineSeries[];
  /** Vertical lines at these x, labelled (a knee, a phase change). */
  markers?: readonly { x: number; label: string; series?: string }[];
  /** A dashed y = x line with this label (what "all of it" looks like: completed = offered). */
  diagonal?: string;
  /** Start the y axis at 0 (default true). */
  yFromZero?: boolean;
  /** Start the x axis at 0 (default false: at the lowest x). */
  xFromZero?: boolean;
  width?: number;
  height?: number;
}

export interface BarChart {
  title: string;
  yLabel: string;
  /** One group of bars per category along the x axis. */
  categories: readonly string[];
  /** One bar per series in each group: values[i] belongs to categories[i] (NaN: no bar). */
  series: readonly { name: string; values: readonly number[] }[];
  width?: number;
  height?: number;
}

/** Colours that stay apart for the colour-blind (Okabe–Ito), in series order. */
export const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000'];

const MARGIN = { left: 72, right: 16, top: 34, bottom: 64 };
const FONT = 'font-family="sans-serif" font-size="12"';

export function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

/**
 * About `count` round tick values (1, 2 or 5 × a power of ten apart) covering
 * [min, max]: the first ≤ min, the last ≥ max.
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (max === min) {
    const pad = Math.abs(max) > 0 ? Math.abs(max) / 2 : 1;
    return niceTicks(min - (min === 0 ? 0 : pad), max + pad, count);
  }
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const first = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let v = first; v < max + step; v += step) {
    // Rounded to the step's precision, so 0.30000000000000004 prints as 0.3.
    ticks.push(Number(v.toPrecision(12)));
    if (v >= max) break;
  }
  return ticks;
}

const tickText = (v: number) => fmt(v, Number.isInteger(v) ? 0 : Math.min(3, decimals(v)));
const decimals = (v: number) => (String(v).split('.')[1] ?? '').length;
const num = (v: number) => Number(v.toFixed(1));

interface Frame {
  width: number;
  height: number;
  x(v: number): number;
  y(v: number): number;
}

/** The plot's axes, grid and labels; `xTicks` as [value, text] pairs. */
function axes(
  f: Frame,
  title: string,
  xLabel: string,
  yLabel: string,
  xTicks: readonly [number, string][],
  yTicks: readonly number[],
): string[] {
  const bottom = f.height - MARGIN.bottom;
  const right = f.width - MARGIN.right;
  const out = [
    `<text class="title" x="${num(f.width / 2)}" y="20" text-anchor="middle" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  for (const v of yTicks) {
    const y = num(f.y(v));
    out.push(
      `<line class="grid" x1="${MARGIN.left}" y1="${y}" x2="${right}" y2="${y}" stroke="#ddd"/>`,
      `<text class="tick" x="${MARGIN.left - 6}" y="${y + 4}" text-anchor="end">${tickText(v)}</text>`,
    );
  }
  for (const [v, text] of xTicks) {
    const x = num(f.x(v));
    out.push(
      `<line class="tick-mark" x1="${x}" y1="${bottom}" x2="${x}" y2="${bottom + 4}" stroke="#333"/>`,
      `<text class="tick" x="${x}" y="${bottom + 17}" text-anchor="middle">${escapeXml(text)}</text>`,
    );
  }
  out.push(
    `<line class="axis" x1="${MARGIN.left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="#333"/>`,
    `<line class="axis" x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${bottom}" stroke="#333"/>`,
    `<text class="x-label" x="${num((MARGIN.left + right) / 2)}" y="${bottom + 34}" text-anchor="middle">${escapeXml(xLabel)}</text>`,
    `<text class="y-label" transform="translate(16 ${num((MARGIN.top + bottom) / 2)}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text>`,
  );
  return out;
}

/** A legend in one row under the x label. */
function legend(f: Frame, names: readonly { name: string; dashed?: boolean }[], bars = false): string[] {
  const y = f.height - 12;
  let x = MARGIN.left;
  const out: string[] = [];
  names.forEach((s, i) => {
    const colour = PALETTE[i % PALETTE.length]!;
    const key = bars
      ? `<rect x="${x}" y="${y - 9}" width="14" height="10" fill="${colour}"/>`
      : `<line x1="${x}" y1="${y - 4}" x2="${x + 14}" y2="${y - 4}" stroke="${colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`;
    out.push(`<g class="legend-entry">${key}<text x="${x + 18}" y="${y}">${escapeXml(s.name)}</text></g>`);
    x += 32 + s.name.length * 7;
  });
  return out;
}

/** A picture with its title as its accessible name (a screen reader, an image's alt text). */
function svg(width: number, height: number, body: readonly string[], title: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}>`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

export function lineChart(c: LineChart): string {
  const width = c.width ?? 720;
  const height = c.height ?? 360;
  const all = c.series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const xs = [...all.map((p) => p.x), ...(c.markers ?? []).map((m) => m.x)];
  const ys = all.map((p) => p.y);
  const xMin = c.xFromZero ? Math.min(0, ...xs) : Math.min(...xs);
  const xTicks = xs.length > 0 ? niceTicks(xMin, Math.max(...xs)) : [0, 1];
  const yMin = c.yFromZero === false ? Math.min(...ys) : Math.min(0, ...ys);
  const yTicks = niceTicks(ys.length ? yMin : 0, ys.length ? Math.max(...ys) : 1);
  const f = frame(width, height, xTicks, yTicks);
  const body = axes(
    f,
    c.title,
    c.xLabel,
    c.yLabel,
    xTicks.map((v) => [v, tickText(v)]),
    yTicks,
  );
  if (c.diagonal !== undefined) {
    const lo = Math.max(xTicks[0]!, yTicks[0]!);
    const hi = Math.min(xTicks.at(-1)!, yTicks.at(-1)!);
    body.push(
      `<path class="diagonal" d="M${num(f.x(lo))} ${num(f.y(lo))}L${num(f.x(hi))} ${num(f.y(hi))}" stroke="#999" stroke-dasharray="2 4" fill="none"/>`,
      // Below the line, a third of the way from its top end: clear of the markers' labels along the top.
      `<text class="diagonal-label" x="${num(f.x(lo + (hi - lo) * 0.66)) + 8}" y="${num(f.y(lo + (hi - lo) * 0.66)) + 16}" fill="#777">${escapeXml(c.diagonal)}</text>`,
    );
  }
  for (const m of c.markers ?? []) {
    const i = c.series.findIndex((s) => s.name === m.series);
    const colour = i >= 0 ? PALETTE[i % PALETTE.length]! : '#555';
    const x = num(f.x(m.x));
    body.push(
      `<g class="marker"><line x1="${x}" y1="${MARGIN.top}" x2="${x}" y2="${height - MARGIN.bottom}" stroke="${colour}" stroke-dasharray="4 4"/>` +
        `<text x="${x + 4}" y="${MARGIN.top + 12 + Math.max(0, i) * 14}" fill="${colour}">${escapeXml(m.label)}</text></g>`,
    );
  }
  c.series.forEach((s, i) => {
    const colour = PALETTE[i % PALETTE.length]!;
    let d = '';
    let pen = 'M';
    const dots: string[] = [];
    for (const p of s.points) {
      if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) {
        pen = 'M';
        continue;
      }
      d += `${pen}${num(f.x(p.x))} ${num(f.y(p.y))}`;
      pen = 'L';
      dots.push(`<circle cx="${num(f.x(p.x))}" cy="${num(f.y(p.y))}" r="2.5" fill="${colour}"/>`);
    }
    body.push(
      `<g class="series" data-name="${escapeXml(s.name)}">` +
        (d
          ? `<path d="${d}" stroke="${colour}" stroke-width="2" fill="none"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`
          : '') +
        `${dots.join('')}</g>`,
    );
  });
  body.push(...legend(f, c.series));
  return svg(width, height, body, c.title);
}

export function barChart(c: BarChart): string {
  const width = c.width ?? 720;
  const height = c.height ?? 360;
  const values = c.series.flatMap((s) => s.values).filter(Number.isFinite);
  const yTicks = niceTicks(0, values.length ? Math.max(...values) : 1);
  const n = c.categories.length;
  // Categories sit at x = 0.5, 1.5, … on an axis from 0 to n.
  const f = frame(width, height, [0, Math.max(1, n)], yTicks);
  const body = axes(
    f,
    c.title,
    '',
    c.yLabel,
    c.categories.map((name, i) => [i + 0.5, name]),
    yTicks,
  );
  const slot = (f.x(1) - f.x(0)) * 0.8;
  const bar = slot / Math.max(1, c.series.length);
  c.series.forEach((s, j) => {
    const rects = s.values.flatMap((v, i) => {
      if (!Number.isFinite(v)) return [];
      const x = num(f.x(i + 0.5) - slot / 2 + j * bar);
      const y = num(f.y(v));
      const h = num(f.y(0) - f.y(v));
      return [
        `<rect class="bar" x="${x}" y="${y}" width="${num(bar - 1)}" height="${h}" fill="${PALETTE[j % PALETTE.length]}"><title>${escapeXml(`${s.name}, ${c.categories[i]}: ${fmt(v)}`)}</title></rect>`,
      ];
    });
    body.push(`<g class="series" data-name="${escapeXml(s.name)}">${rects.join('')}</g>`);
  });
  body.push(...legend(f, c.series, true));
  return svg(width, height, body, c.title);
}

/** Several charts one above the other in one picture (each a nested <svg>). */
export function stackCharts(charts: readonly string[], title = 'charts'): string {
  let y = 0;
  let width = 0;
  const parts = charts.map((chart) => {
    const w = Number(/width="(\d+)"/.exec(chart)?.[1] ?? 720);
    const h = Number(/height="(\d+)"/.exec(chart)?.[1] ?? 360);
    const part = chart.trimEnd().replace('<svg ', `<svg x="0" y="${y}" `);
    y += h;
    width = Math.max(width, w);
    return part;
  });
  return svg(width, y, parts, title);
}

function frame(width: number, height: number, xTicks: readonly number[], yTicks: readonly number[]): Frame {
  const [x0, x1] = [xTicks[0]!, xTicks.at(-1)!];
  const [y0, y1] = [yTicks[0]!, yTicks.at(-1)!];
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  return {
    width,
    height,
    x: (v) => MARGIN.left + ((v - x0) / (x1 - x0 || 1)) * plotW,
    y: (v) => height - MARGIN.bottom - ((v - y0) / (y1 - y0 || 1)) * plotH,
  };
}
