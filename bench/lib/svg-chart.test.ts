import { describe, expect, it } from 'vitest';
import { barChart, escapeXml, lineChart, niceTicks, stackCharts } from './svg-chart.ts';

/** Every tag closed in order (a small check that the text is well-formed XML of elements). */
function balanced(svg: string): boolean {
  const open: string[] = [];
  for (const [, close, name, self] of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    if (self) continue;
    if (close) {
      if (open.pop() !== name) return false;
    } else open.push(name!);
  }
  return open.length === 0;
}

/** The [x, y] pairs of a path's `d`. */
const coordinates = (d: string) => [...d.matchAll(/[ML]([\d.-]+) ([\d.-]+)/g)].map((m) => [+m[1]!, +m[2]!]);

const seriesPaths = (svg: string) =>
  [...svg.matchAll(/<g class="series" data-name="([^"]*)"><path d="([^"]*)"/g)].map((m) => ({
    name: m[1],
    d: m[2]!,
  }));

describe('niceTicks', () => {
  it('gives round steps that cover the range', () => {
    expect(niceTicks(0, 100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(3, 97)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0, 0.9)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(120, 180, 3)).toEqual([120, 140, 160, 180]);
  });

  it('widens a range of one value and survives no data', () => {
    expect(niceTicks(0, 0)[0]).toBe(0);
    expect(niceTicks(0, 0).at(-1)).toBeGreaterThan(0);
    const ticks = niceTicks(50, 50);
    expect(ticks[0]).toBeLessThanOrEqual(50);
    expect(ticks.at(-1)).toBeGreaterThanOrEqual(50);
    expect(niceTicks(Number.NaN, 3)).toEqual([0, 1]);
  });
});

describe('lineChart', () => {
  const chart = lineChart({
    title: 'Completed <vs> offered & more',
    xLabel: 'offered/s',
    yLabel: 'completed/s',
    series: [
      {
        name: 'mock-cec',
        points: [
          { x: 1000, y: 1000 },
          { x: 2000, y: 1990 },
          { x: 3000, y: 2400 },
        ],
      },
      {
        name: 'Kamailio',
        points: [
          { x: 1000, y: 1000 },
          { x: 2000, y: Number.NaN },
          { x: 3000, y: 2900 },
        ],
      },
    ],
    markers: [{ x: 2000, label: 'knee 2,000/s', series: 'mock-cec' }],
    diagonal: 'completed = offered',
  });

  it('is one well-formed SVG document with its title escaped', () => {
    expect(chart.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(balanced(chart)).toBe(true);
    expect(chart).toContain('Completed &lt;vs&gt; offered &amp; more');
    expect(chart).not.toContain('<vs>');
  });

  it('draws a line per series, a legend entry per series, the marker and the diagonal', () => {
    expect(seriesPaths(chart).map((s) => s.name)).toEqual(['mock-cec', 'Kamailio']);
    expect(chart.match(/class="legend-entry"/g)).toHaveLength(2);
    expect(chart.match(/class="marker"/g)).toHaveLength(1);
    expect(chart).toContain('knee 2,000/s');
    expect(chart).toContain('class="diagonal"');
  });

  it('keeps every point inside the plot, higher values higher up, and breaks a line at a missing value', () => {
    const [mock, kam] = seriesPaths(chart);
    const pts = coordinates(mock!.d);
    expect(pts).toHaveLength(3);
    for (const [x, y] of pts) {
      expect(x).toBeGreaterThanOrEqual(72);
      expect(x).toBeLessThanOrEqual(720 - 16);
      expect(y).toBeGreaterThanOrEqual(34);
      expect(y).toBeLessThanOrEqual(360 - 64);
    }
    expect(pts[1]![1]).toBeLessThan(pts[0]![1]!); // 1990 is drawn above 1000
    // Kamailio's missing middle point: two moves, no line through the gap.
    expect(kam!.d.match(/M/g)).toHaveLength(2);
    expect(kam!.d).not.toContain('L');
  });

  it('is the same text for the same data', () => {
    const again = lineChart({
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      series: [{ name: 'a', points: [{ x: 1, y: 2 }] }],
    });
    expect(again).toBe(
      lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 'a', points: [{ x: 1, y: 2 }] }] }),
    );
  });

  it('draws axes and no line when there is no data', () => {
    const empty = lineChart({
      title: 'nothing',
      xLabel: 'x',
      yLabel: 'y',
      series: [{ name: 'a', points: [] }],
    });
    expect(balanced(empty)).toBe(true);
    expect(seriesPaths(empty)).toEqual([]);
    expect(empty).toContain('class="axis"');
  });
});

describe('barChart', () => {
  const chart = barChart({
    title: 'requests/s',
    yLabel: 'req/s',
    categories: ['TokenByAkSk c10', 'QueryAgentInfo c10'],
    series: [
      { name: 'mock-cec', values: [33_000, 54_000] },
      { name: 'Prism', values: [4_000, Number.NaN] },
    ],
  });

  it('draws one bar per finite value, grouped by category, with each label on the axis', () => {
    expect(balanced(chart)).toBe(true);
    const groups = [...chart.matchAll(/<g class="series" data-name="([^"]*)">(.*?)<\/g>/g)];
    expect(groups.map((g) => [g[1], g[2]!.match(/<rect /g)?.length ?? 0])).toEqual([
      ['mock-cec', 2],
      ['Prism', 1],
    ]);
    expect(chart).toContain('>TokenByAkSk c10<');
    expect(chart).toContain('mock-cec, QueryAgentInfo c10: 54,000');
  });

  it('makes bar heights proportional to the values', () => {
    const heights = [
      ...chart.matchAll(/<rect class="bar" x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"/g),
    ].map((m) => +m[1]!);
    expect(heights).toHaveLength(3);
    expect(heights[1]! / heights[0]!).toBeCloseTo(54 / 33, 1);
  });
});

it('stackCharts puts charts one above the other in one document', () => {
  const a = lineChart({ title: 'a', xLabel: 'x', yLabel: 'y', series: [], height: 200 });
  const b = lineChart({ title: 'b', xLabel: 'x', yLabel: 'y', series: [], height: 300 });
  const both = stackCharts([a, b]);
  expect(balanced(both)).toBe(true);
  expect(both).toMatch(/^<svg [^>]*height="500"/);
  expect(both).toContain('<svg x="0" y="0" ');
  expect(both).toContain('<svg x="0" y="200" ');
});

it('escapeXml escapes what XML text and attributes cannot hold', () => {
  expect(escapeXml(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
});

it('lineChart starts the x axis at 0 when asked', () => {
  const series = [
    {
      name: 'a',
      points: [
        { x: 500, y: 1 },
        { x: 1_000, y: 2 },
      ],
    },
  ];
  const ticks = (svg: string) =>
    [...svg.matchAll(/<text class="tick" x="[\d.]+" y="3\d\d" text-anchor="middle">([^<]*)</g)].map(
      (m) => m[1],
    );
  expect(ticks(lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series }))[0]).toBe('500');
  expect(ticks(lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series, xFromZero: true }))[0]).toBe('0');
});
