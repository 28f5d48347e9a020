import { expect, it } from 'vitest';
import type { CallRoundResult } from '../../harness/load/call-round.ts';
import { groupReasons, realTimeShortfall } from './load-report.ts';

it('groups failure reasons, most frequent first, and says how many more there are', () => {
  const reasons = ['b', 'a', 'b', 'c', 'b', 'a', 'd', 'e'];
  expect(groupReasons(reasons, 3)).toBe('3× b; 2× a; 1× c; and 2 other reasons');
  expect(groupReasons([])).toBe('');
});

const round = (minRate: CallRoundResult['minRate']): CallRoundResult => ({
  calls: 100,
  answered: 100,
  audioProven: 100,
  ended: 100,
  setupMs: [],
  minRate,
  worstLossToPhone: 0,
  failures: [],
});

it('finds audio that fell behind real time, and says which side fell behind', () => {
  const cpu = { simulator: 51, browser: 129 };
  expect(realTimeShortfall(round({ toPhone: 48, toCustomer: 49, customerSent: 48 }), cpu, 2)).toBeUndefined();
  expect(realTimeShortfall(round({ toPhone: 13, toCustomer: 44, customerSent: 14 }), cpu, 2)).toBe(
    'the customer sent 14 packets/s on its slowest call (the simulator skipped frames); ' +
      'CPU simulator 51 %, browser 129 % of 200 % on 2 cores',
  );
  expect(realTimeShortfall(round({ toPhone: 30, toCustomer: 20, customerSent: 50 }), cpu, 2)).toBe(
    'a phone received 30 packets/s; the customer received 20 packets/s from a phone; ' +
      'CPU simulator 51 %, browser 129 % of 200 % on 2 cores',
  );
});
