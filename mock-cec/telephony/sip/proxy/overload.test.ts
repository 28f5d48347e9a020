import { describe, expect, it } from 'vitest';
import { createRequest } from '../core/build-message.ts';
import { OverloadGauge, sheddable } from './overload.ts';

const options = { highMs: 100, lowMs: 20, raise: 0.1, lower: 0.05, persist: 1 };

/** How many of `n` new requests the gauge refuses now. */
const refused = (g: OverloadGauge, n: number) =>
  Array.from({ length: n }, () => g.refuse()).filter(Boolean).length;

describe('OverloadGauge', () => {
  it('refuses nothing while datagrams wait briefly', () => {
    const g = new OverloadGauge(options);
    expect(g.observe(5)).toBe('normal');
    expect(g.observe(99)).toBe('normal');
    expect(refused(g, 100)).toBe(0);
  });

  it('refuses a share of new work in proportion to how long datagrams waited, evenly', () => {
    const g = new OverloadGauge(options);
    expect(g.observe(300)).toBe('shedding');
    expect(g.fraction).toBeCloseTo(0.3);
    expect(refused(g, 100)).toBe(30);
    // Every third or fourth, not thirty in a row.
    expect(Array.from({ length: 10 }, () => (g.refuse() ? 'x' : '.')).join('')).toMatch(
      /^(\.{2,3}x)+\.{0,3}$/,
    );
    // A long wait counts for five steps at most; two of them reach the whole.
    g.observe(1000);
    expect(g.fraction).toBeCloseTo(0.8);
    g.observe(1000);
    expect(g.fraction).toBe(1);
    expect(refused(g, 10)).toBe(10);
  });

  it('acts on long waits only once several came in a row (a long task once is no overload)', () => {
    const g = new OverloadGauge({ ...options, persist: 3 });
    for (const wait of [150, 125, 75, 50, 25]) expect(g.observe(wait)).toBe('normal');
    for (const wait of [150, 150]) expect(g.observe(wait)).toBe('normal');
    expect(g.observe(150)).toBe('shedding');
    expect(g.fraction).toBeCloseTo(0.15);
  });

  it('keeps the share between the thresholds, lowers it while waits are short, and ends shedding at zero', () => {
    const g = new OverloadGauge(options);
    g.observe(200);
    g.observe(50);
    expect(g.fraction).toBeCloseTo(0.2);
    for (let i = 0; i < 3; i++) expect(g.observe(10)).toBe('shedding');
    expect(g.fraction).toBeCloseTo(0.05);
    expect(g.observe(10)).toBe('normal');
    expect(g.fraction).toBe(0);
    expect(refused(g, 100)).toBe(0);
  });
});

const request = (method: string, headers: [string, string][] = []) =>
  createRequest({
    method,
    uri: 'sip:88000101@127.0.0.1',
    headers: [['Via', 'SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKx'], ['CSeq', `1 ${method}`], ...headers],
  });

describe('sheddable', () => {
  it('refuses what starts something new without credentials', () => {
    expect(sheddable(request('REGISTER'), false)).toBe(true);
    expect(sheddable(request('INVITE'), false)).toBe(true);
  });

  it('lets through what finishes work already begun', () => {
    expect(sheddable(request('REGISTER', [['Authorization', 'Digest username="a"']]), false)).toBe(false);
    expect(sheddable(request('INVITE', [['Proxy-Authorization', 'Digest username="a"']]), false)).toBe(false);
    expect(sheddable(request('INVITE'), true)).toBe(false);
    for (const m of ['ACK', 'BYE', 'CANCEL', 'PRACK', 'UPDATE', 'INFO', 'NOTIFY', 'OPTIONS'])
      expect(sheddable(request(m), false)).toBe(false);
  });
});
