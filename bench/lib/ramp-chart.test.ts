import { expect, it } from 'vitest';
import type { RampResult } from './ramp.ts';
import { rampChart } from './ramp-chart.ts';
import type { SippStep } from './sipp.ts';

const step = (offered: number, rate: number): SippStep => ({
  offered,
  created: offered,
  completed: rate,
  failed: offered - rate,
  retransmissions: 0,
  elapsedSec: 1,
  rate,
  retransRatio: 0,
});

it('draws the median search and the steps past the knee, one line per server, with the knee marked', () => {
  const result: RampResult = {
    searches: [
      { knee: 1_000, steps: [step(1_000, 1_000), step(2_000, 1_200), step(2_000, 1_100)], recovered: [] },
      {
        knee: 2_000,
        steps: [step(1_000, 1_000), step(2_000, 1_200), step(2_000, 2_000)],
        recovered: [2_000],
      },
      { knee: 2_000, steps: [step(1_000, 990), step(2_000, 1_990)], recovered: [] },
    ],
    knee: 2_000,
    steps: [],
    over: [
      { factor: 1.3, step: step(2_600, 2_300) },
      { factor: 1.6, step: step(3_200, 2_100) },
    ],
  };
  const svg = rampChart(
    'REGISTER',
    { 'mock-cec': result, Kamailio: { ...result, knee: 0, over: [] } },
    'REGISTER',
  );
  const paths = [...svg.matchAll(/<g class="series" data-name="([^"]*)"><path d="([^"]*)"/g)];
  expect(paths.map((p) => p[1])).toEqual(['mock-cec', 'Kamailio']);
  // The second search (the first whose knee is the median): 1,000 and 2,000 (its retry), then 2,600 and 3,200.
  expect(paths[0]![2]!.match(/[ML]/g)).toHaveLength(4);
  expect(svg).toContain('mock-cec knee 2,000/s');
  expect(svg).not.toContain('Kamailio knee');
  expect(svg).toContain('completed = offered');
});
