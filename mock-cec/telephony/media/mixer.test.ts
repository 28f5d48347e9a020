import { describe, expect, it } from 'vitest';
import { audioEnergy, FRAME_SAMPLES } from './audio-frame.ts';
import { CUSTOMER, HOLD_TONE, Mixer, mixPcm } from './mixer.ts';
import { PcmFifo } from './pcm-fifo.ts';
import { HOLD_TONE_HZ, toneFrame } from './tone.ts';
import { toneLevel } from './tone-level.ts';

const CUSTOMER_HZ = 440;
const A_HZ = 700;
const C_HZ = 1100;
const frame = (hz: number, i = 0) => toneFrame(hz, i, 0.3);

describe('mixPcm', () => {
  it('sums sample by sample and clips to 16 bits', () => {
    const out = mixPcm(
      [Int16Array.from([1000, 30000, -30000, 5]), Int16Array.from([-400, 10000, -10000])],
      4,
    );
    expect([...out]).toEqual([600, 32767, -32768, 5]);
  });
});

describe('PcmFifo', () => {
  it('gives back what was pushed, in order, across packet sizes', () => {
    const fifo = new PcmFifo(1000);
    fifo.push(Int16Array.from({ length: 240 }, (_, i) => i));
    expect([...fifo.take(160)].at(-1)).toBe(159);
    const rest = fifo.take(160);
    expect(rest).toHaveLength(80);
    expect(rest[0]).toBe(160);
    expect(fifo.length).toBe(0);
  });

  it('drops the oldest audio beyond its bound', () => {
    const fifo = new PcmFifo(300);
    fifo.push(Int16Array.from({ length: 200 }, () => 1));
    fifo.push(Int16Array.from({ length: 200 }, () => 2));
    expect(fifo.length).toBe(300);
    const out = fifo.take(300);
    expect(out.filter((s) => s === 1)).toHaveLength(100);
    expect(out.at(-1)).toBe(2);
  });
});

describe('toneLevel', () => {
  it('reads a tone at its amplitude and other tones near zero', () => {
    const pcm = toneFrame(700, 0, 0.5);
    expect(toneLevel(pcm, 700)).toBeCloseTo(0.5, 1);
    expect(toneLevel(pcm, 1100)).toBeLessThan(0.05);
    expect(toneLevel(new Int16Array(FRAME_SAMPLES), 700)).toBe(0);
  });
});

describe('Mixer', () => {
  it("a leg routed from the customer alone gets the customer's frame untouched (the two-party call)", () => {
    const mixer = new Mixer();
    const a = mixer.join('a');
    mixer.route([
      [CUSTOMER, 'a'],
      ['a', CUSTOMER],
    ]);
    const own = frame(CUSTOMER_HZ);
    expect(a.outgoing(own)).toBe(own);
    a.heard(frame(A_HZ));
    expect(mixer.flow('a', CUSTOMER).energy).toBeGreaterThan(0);
  });

  it('three-party: each leg hears the customer and the other leg, and the books say so', () => {
    const mixer = new Mixer();
    const a = mixer.join('a');
    const c = mixer.join('c');
    mixer.everyoneHearsEveryone();
    for (let i = 0; i < 5; i++) {
      a.heard(frame(A_HZ, i));
      c.heard(frame(C_HZ, i));
      const toA = a.outgoing(frame(CUSTOMER_HZ, i));
      const toC = c.outgoing(frame(CUSTOMER_HZ, i));
      expect(toneLevel(toA, CUSTOMER_HZ)).toBeGreaterThan(0.2);
      expect(toneLevel(toA, C_HZ)).toBeGreaterThan(0.2);
      expect(toneLevel(toA, A_HZ)).toBeLessThan(0.05); // nobody hears themselves
      expect(toneLevel(toC, CUSTOMER_HZ)).toBeGreaterThan(0.2);
      expect(toneLevel(toC, A_HZ)).toBeGreaterThan(0.2);
      expect(toneLevel(toC, C_HZ)).toBeLessThan(0.05);
    }
    const energy = (from: string, to: string) => mixer.flow(from, to).energy;
    for (const [from, to] of [
      ['a', 'c'],
      ['c', 'a'],
      [CUSTOMER, 'a'],
      [CUSTOMER, 'c'],
      ['a', CUSTOMER],
      ['c', CUSTOMER],
    ] as const) {
      expect(energy(from, to), `${from} → ${to}`).toBeGreaterThan(0);
    }
    expect(mixer.flow('a', 'a').frames).toBe(0);
  });

  it('consult: the agents hear each other, the held customer is heard by nobody and hears nobody', () => {
    const mixer = new Mixer();
    const a = mixer.join('a');
    const c = mixer.join('c');
    mixer.route([
      ['a', 'c'],
      ['c', 'a'],
    ]);
    a.heard(frame(A_HZ));
    c.heard(frame(C_HZ));
    const toA = a.outgoing(frame(CUSTOMER_HZ));
    expect(toneLevel(toA, C_HZ)).toBeGreaterThan(0.2);
    expect(toneLevel(toA, CUSTOMER_HZ)).toBeLessThan(0.05);
    expect(mixer.flow('a', CUSTOMER).frames).toBe(0);
    expect(mixer.flow(CUSTOMER, 'a').frames).toBe(0);
  });

  it("what reaches the customer's ears (for a recording): the sum of the legs routed to it, nothing in a consult", () => {
    const mixer = new Mixer();
    const a = mixer.join('a');
    const c = mixer.join('c');
    mixer.everyoneHearsEveryone();
    a.heard(frame(A_HZ));
    c.heard(frame(C_HZ));
    const ears = a.customerHears(FRAME_SAMPLES);
    expect(toneLevel(ears, A_HZ)).toBeGreaterThan(0.2);
    expect(toneLevel(ears, C_HZ)).toBeGreaterThan(0.2);
    expect(audioEnergy(c.customerHears(FRAME_SAMPLES))).toBe(0); // taken once
    mixer.route([
      ['a', 'c'],
      ['c', 'a'],
    ]);
    a.heard(frame(A_HZ));
    expect(audioEnergy(a.customerHears(FRAME_SAMPLES))).toBe(0);
  });

  it('a held party hears the hold tone, not silence: a held leg is sent it, the held customer hears it; the books count it', () => {
    const mixer = new Mixer();
    const a = mixer.join('a');
    const c = mixer.join('c');
    // A consult: the agents talk, the customer is held; then a three-party hold: the customer and c held by a.
    mixer.route([
      ['a', 'c'],
      ['c', 'a'],
      [HOLD_TONE, CUSTOMER],
    ]);
    expect(a.customerHeld?.()).toBe(true);
    expect(mixer.hears(CUSTOMER, HOLD_TONE)).toBe(true);
    const ears = a.customerHears(FRAME_SAMPLES);
    expect(toneLevel(ears, HOLD_TONE_HZ)).toBeGreaterThan(0.2);
    expect(mixer.flow(HOLD_TONE, CUSTOMER).energy).toBeCloseTo(audioEnergy(ears));
    c.heard(frame(C_HZ));
    const toA = a.outgoing(frame(CUSTOMER_HZ));
    expect(toneLevel(toA, C_HZ)).toBeGreaterThan(0.2);
    expect(toneLevel(toA, HOLD_TONE_HZ)).toBeLessThan(0.05); // the talking agents hear each other, not the tone
    mixer.route([
      [HOLD_TONE, CUSTOMER],
      [HOLD_TONE, 'c'],
    ]);
    c.heard(frame(C_HZ));
    const toC = c.outgoing(frame(CUSTOMER_HZ));
    // The tone alone: neither the customer's voice nor the other agent's.
    expect([...toC]).toEqual([...toneFrame(HOLD_TONE_HZ, 0, 0.25)]);
    expect(audioEnergy(toC)).toBeGreaterThan(1);
    expect(audioEnergy(a.outgoing(frame(CUSTOMER_HZ)))).toBe(0); // the holding agent talks to nobody
    // Tone frames join: a second frame goes on from the first's phase.
    const second = c.outgoing(frame(CUSTOMER_HZ));
    expect([...second]).toEqual([...toneFrame(HOLD_TONE_HZ, 1, 0.25)]);
    expect(mixer.flow(HOLD_TONE, 'c').frames).toBe(2);
    // Taken back: everyone hears everyone, the tone stops.
    mixer.everyoneHearsEveryone();
    expect(a.customerHeld?.()).toBe(false);
    c.outgoing(frame(CUSTOMER_HZ));
    expect(mixer.flow(HOLD_TONE, 'c').frames).toBe(2);
    expect(audioEnergy(a.customerHears(FRAME_SAMPLES))).toBe(0);
    expect(mixer.flow(HOLD_TONE, CUSTOMER).frames).toBe(1);
  });

  it('a leg that hears nobody is sent silence, and audio said while unrouted is not kept for later', () => {
    const mixer = new Mixer();
    const a = mixer.join('a');
    const c = mixer.join('c');
    c.heard(frame(C_HZ));
    expect(audioEnergy(a.outgoing(frame(CUSTOMER_HZ)))).toBe(0);
    mixer.route([['c', 'a']]);
    expect(audioEnergy(a.outgoing(frame(CUSTOMER_HZ)))).toBe(0);
    c.heard(frame(C_HZ));
    expect(toneLevel(a.outgoing(frame(CUSTOMER_HZ)), C_HZ)).toBeGreaterThan(0.2);
  });

  it('clips loud sums instead of wrapping around', () => {
    const mixer = new Mixer();
    const a = mixer.join('a');
    const c = mixer.join('c');
    mixer.everyoneHearsEveryone();
    c.heard(new Int16Array(FRAME_SAMPLES).fill(30000));
    const out = a.outgoing(new Int16Array(FRAME_SAMPLES).fill(30000));
    expect(out.every((s) => s === 32767)).toBe(true);
  });

  it('a leg that leaves takes its routes along; the books stay', () => {
    const mixer = new Mixer();
    const a = mixer.join('a');
    const c = mixer.join('c');
    mixer.everyoneHearsEveryone();
    c.heard(frame(C_HZ));
    a.outgoing(frame(CUSTOMER_HZ));
    mixer.leave('c');
    expect(mixer.parties).toEqual(['a']);
    expect(mixer.hears('a', 'c')).toBe(false);
    expect(mixer.hears('a', CUSTOMER)).toBe(true);
    expect(mixer.flow('c', 'a').energy).toBeGreaterThan(0);
    c.heard(frame(C_HZ)); // a port of a party gone is ignored
    expect(toneLevel(a.outgoing(frame(CUSTOMER_HZ)), C_HZ)).toBeLessThan(0.05);
  });

  it('refuses routes to parties that are not in it', () => {
    const mixer = new Mixer();
    mixer.join('a');
    expect(() => mixer.route([['a', 'x']])).toThrow(/no party "x"/);
    expect(() => mixer.join(CUSTOMER)).toThrow();
    expect(() => mixer.join(HOLD_TONE)).toThrow();
    expect(() => mixer.route([[HOLD_TONE, 'x']])).toThrow(/no party "x"/);
  });
});
