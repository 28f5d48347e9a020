import { expect, it } from 'vitest';
import type { CallRoundResult } from '../../harness/load/call-round.ts';
import { groupReasons, realTimeShortfall } from './load-report.ts';

it('groups failure reasons, most frequent first, naming a few phones and how many more reasons there are', () => {
  const failed = ['b', 'a', 'b', 'c', 'b', 'a', 'd', 'b', 'e'].map((reason, i) => ({ reason, who: `p${i}` }));
  expect(groupReasons(failed, 3)).toBe('4× b (p0, p2, p4, …); 2× a (p1, p5); 1× c (p3); and 2 other reasons');
  expect(groupReasons([])).toBe('');
});

it('takes reasons that differ only in their numbers for one', () => {
  const failed = [
    { reason: 'phone received 3 of 480 packets the customer sent', who: '88000701' },
    { reason: 'phone received 0 of 512 packets the customer sent', who: '88000702' },
  ];
  expect(groupReasons(failed)).toBe(
    '2× phone received N of N packets the customer sent (88000701, 88000702)',
  );
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
  const loop = { busy: 0.99, lagP99Ms: 310 };
  expect(
    realTimeShortfall(round({ toPhone: 48, toCustomer: 49, customerSent: 48, phoneSent: 50 }), cpu, loop, 2),
  ).toBeUndefined();
  expect(
    realTimeShortfall(round({ toPhone: 13, toCustomer: 44, customerSent: 14, phoneSent: 50 }), cpu, loop, 2),
  ).toBe(
    'the customer sent 14 packets/s on its slowest call (the simulator skipped frames); ' +
      "the simulator's event loop was busy 99 % of the time, its timers 310 ms late (p99); " +
      'CPU simulator 51 %, browser 129 % of 200 % on 2 cores',
  );
  expect(
    realTimeShortfall(round({ toPhone: 30, toCustomer: 20, customerSent: 50, phoneSent: 50 }), cpu, loop, 2),
  ).toMatch(
    /^a phone received 30 packets\/s; the customer received 20 packets\/s from a phone \(the phones sent 50 or more\); /,
  );
  // The phone itself sent too few: the browser, not the simulator, fell behind.
  expect(
    realTimeShortfall(round({ toPhone: 49, toCustomer: 30, customerSent: 50, phoneSent: 31 }), cpu, loop, 2),
  ).toMatch(/^a phone sent 31 packets\/s \(the browser fell behind\); /);
});
