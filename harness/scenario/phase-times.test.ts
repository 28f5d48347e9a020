import { describe, expect, it } from 'vitest';
import { PhaseTimes } from './phase-times.ts';

describe('PhaseTimes', () => {
  it('charges each lap the time since the previous one, adding up a phase lapped twice', () => {
    const clock = [0, 10, 25, 30, 70, 100];
    const phases = new PhaseTimes(() => clock.shift()!);
    phases.lap('tenant'); // 10
    phases.lap('login'); // 15
    phases.skip(); // 30: nobody's
    phases.lap('login'); // 40
    phases.lap('teardown'); // 30
    expect(phases.list()).toEqual([
      { name: 'tenant', ms: 10 },
      { name: 'login', ms: 55 },
      { name: 'teardown', ms: 30 },
    ]);
  });
});
