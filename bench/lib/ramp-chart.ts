import type { RampResult } from './ramp.ts';
import { type LineChart, lineChart } from './svg-chart.ts';
import { fmt } from './table.ts';

/**
 * Completed against offered rate for each server of a ramp: the search whose
 * knee is the median (its last step at each rate, so a retried step shows
 * what was decided) and the steps past the knee, with the knee marked and the
 * line where completed = offered. Below the knee a server is on that line;
 * past it, a flat line is shedding, a falling one collapse.
 */
export function rampChart(title: string, results: Record<string, RampResult>, unit: string): string {
  const names = Object.keys(results);
  const series: LineChart['series'] = names.map((name) => {
    const r = results[name]!;
    const median = r.searches.find((s) => s.knee === r.knee) ?? r.searches[0];
    const byRate = new Map<number, number>();
    for (const s of [...(median?.steps ?? []), ...r.over.map((o) => o.step)]) byRate.set(s.offered, s.rate);
    const points = [...byRate].sort((a, b) => a[0] - b[0]).map(([x, y]) => ({ x, y }));
    return { name, points };
  });
  return lineChart({
    title,
    xLabel: `offered ${unit}/s`,
    yLabel: `completed ${unit}/s`,
    series,
    markers: names
      .filter((n) => results[n]!.knee > 0)
      .map((n) => ({ x: results[n]!.knee, label: `${n} knee ${fmt(results[n]!.knee)}/s`, series: n })),
    diagonal: 'completed = offered',
    xFromZero: true,
  });
}
