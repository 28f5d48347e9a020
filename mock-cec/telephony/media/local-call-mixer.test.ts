import { afterEach, describe, expect, it, vi } from 'vitest';
import { LocalCallMixer } from './local-call-mixer.ts';
import { CUSTOMER } from './mixer.ts';
import { OUTSIDE_TONE_HZ } from './outside-party.ts';

const OUT = 'outside 5550100';
const WAIT = { timeout: 10_000, interval: 20 };
let mixer: LocalCallMixer;
afterEach(() => mixer.close());

describe('LocalCallMixer', () => {
  it('makes an outside party from the customer’s source description: it joins, talks on its pacer and hears the customer', async () => {
    mixer = new LocalCallMixer();
    mixer.addOutside(OUT, { kind: 'tone', frequencyHz: 440 });
    expect(mixer.parties).toEqual([OUT]);
    expect(mixer.outsideStats()).toMatchObject([{ party: OUT, frequencyHz: OUTSIDE_TONE_HZ }]);
    mixer.route([
      [CUSTOMER, OUT],
      [OUT, CUSTOMER],
    ]);
    await vi.waitFor(() => {
      expect(mixer.outsideStats()[0]!.energyHeard).toBeGreaterThan(0);
      expect(mixer.flows().find((f) => f.from === OUT && f.to === CUSTOMER)?.energy).toBeGreaterThan(0);
    }, WAIT);
  });

  it('an outside party that leaves stops talking; close stops the rest', async () => {
    mixer = new LocalCallMixer();
    mixer.addOutside(OUT, { kind: 'silence' }, 800);
    mixer.addOutside('ivr 9001', { kind: 'silence' }, 900);
    await vi.waitFor(() => expect(mixer.outsideStats().every((s) => s.framesSent > 2)).toBe(true), WAIT);
    mixer.leave(OUT);
    expect(mixer.parties).toEqual(['ivr 9001']);
    expect(mixer.outsideStats().map((s) => s.party)).toEqual(['ivr 9001']);
    expect(mixer.hasOutside).toBe(true);
    mixer.close();
    expect(mixer.hasOutside).toBe(false);
    expect(mixer.outsideStats()).toEqual([]);
  });
});
