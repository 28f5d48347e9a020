import { expect, it } from 'vitest';
import { type Figures, httpChart } from './http.ts';
import type { LoadResult } from './lib/load.ts';

const run = (rps: number, p99: number): LoadResult => ({
  rps,
  p50: 1,
  p99,
  requests: rps * 8,
  errors: 0,
  non2xx: 0,
});

it('draws requests/s above p99, one group per run and one bar per peer', () => {
  const peer = (rps: number, p99: number) => ({
    cold: 100,
    rss: 90,
    runs: { 'TokenByAkSk c10': run(rps, p99), 'QueryAgentInfo c10': run(rps * 2, p99) },
  });
  const figures: Figures = {
    'mock-cec': peer(30_000, 1),
    'Prism (static)': peer(4_000, 4),
    'bare node:http': peer(26_000, 1),
  };
  const svg = httpChart(figures);
  expect(svg.match(/<svg /g)).toHaveLength(3);
  expect(svg).toContain('HTTP: requests per second');
  expect(svg).toContain('HTTP: latency p99');
  const groups = [...svg.matchAll(/<g class="series" data-name="([^"]*)">(.*?)<\/g>/g)];
  expect(groups.map((g) => [g[1], g[2]!.match(/class="bar"/g)?.length])).toEqual([
    ['mock-cec', 2],
    ['Prism (static)', 2],
    ['bare node:http', 2],
    ['mock-cec', 2],
    ['Prism (static)', 2],
    ['bare node:http', 2],
  ]);
  expect(svg).toContain('mock-cec, QueryAgentInfo c10: 60,000');
});
