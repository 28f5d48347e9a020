import { describe, expect, it, vi } from 'vitest';
import { closeAfterEach } from './close-after-each.ts';
import { createMediaEngine } from './create-media-engine.ts';
import type { MediaSession } from './media-engine.ts';
import { CUSTOMER, HOLD_TONE, Mixer } from './mixer.ts';
import { inspectOffer } from './sdp.ts';
import { TonePhone } from './testing/tone-phone.ts';
import { HOLD_TONE_HZ } from './tone.ts';

const CUSTOMER_HZ = 440;

const track = closeAfterEach();

const portOf = (sdp: string) => {
  const r = inspectOffer(sdp);
  if (!r.ok) throw new Error(r.problem.message);
  return r.value.port;
};

describe('the customer mixes its legs (RTP, real sockets)', () => {
  it('three-party: each phone hears the customer and the other phone, the customer hears both', async () => {
    const engine = createMediaEngine();
    const mixer = new Mixer();
    const phones = { a: track(await TonePhone.open(700)), c: track(await TonePhone.open(1100)) };
    for (const [party, phone] of Object.entries(phones)) {
      const { sdp, session } = await engine.answer(phone.offer(), {
        source: { kind: 'tone', frequencyHz: CUSTOMER_HZ },
        mode: 'both',
        host: '127.0.0.1',
      });
      track(session);
      session.setMix(mixer.join(party));
      phone.talkTo(portOf(sdp));
    }
    mixer.everyoneHearsEveryone();
    await vi.waitFor(
      () => {
        expect(phones.a.level(CUSTOMER_HZ)).toBeGreaterThan(0.1);
        expect(phones.a.level(1100)).toBeGreaterThan(0.1);
        expect(phones.c.level(CUSTOMER_HZ)).toBeGreaterThan(0.1);
        expect(phones.c.level(700)).toBeGreaterThan(0.1);
        expect(mixer.flow('a', CUSTOMER).energy).toBeGreaterThan(0);
        expect(mixer.flow('c', CUSTOMER).energy).toBeGreaterThan(0);
      },
      { timeout: 15_000, interval: 50 },
    );
    // Nobody hears their own voice back.
    await Promise.all([phones.a.hearMore(30), phones.c.hearMore(30)]);
    expect(phones.a.level(700)).toBeLessThan(0.05);
    expect(phones.c.level(1100)).toBeLessThan(0.05);
  });

  it('consult: the phones hear each other and not the held customer', async () => {
    const engine = createMediaEngine();
    const mixer = new Mixer();
    const phones = { a: track(await TonePhone.open(700)), c: track(await TonePhone.open(1100)) };
    for (const [party, phone] of Object.entries(phones)) {
      const { sdp, session } = await engine.answer(phone.offer(), {
        source: { kind: 'tone', frequencyHz: CUSTOMER_HZ },
        mode: 'both',
        host: '127.0.0.1',
      });
      track(session);
      session.setMix(mixer.join(party));
      phone.talkTo(portOf(sdp));
    }
    mixer.route([
      ['a', 'c'],
      ['c', 'a'],
    ]);
    await vi.waitFor(
      () => {
        expect(phones.a.level(1100)).toBeGreaterThan(0.1);
        expect(phones.c.level(700)).toBeGreaterThan(0.1);
      },
      { timeout: 15_000, interval: 50 },
    );
    // Frames sent before the legs were joined carried the customer's tone alone: judge newer ones.
    await Promise.all([phones.a.hearMore(30), phones.c.hearMore(30)]);
    expect(phones.a.level(CUSTOMER_HZ)).toBeLessThan(0.05);
    expect(phones.c.level(CUSTOMER_HZ)).toBeLessThan(0.05);
    expect(mixer.flow('a', CUSTOMER).frames).toBe(0);
  });

  it('held parties hear the hold tone: a held phone gets 425 Hz, the held customer hears it on its legs', async () => {
    const engine = createMediaEngine();
    const mixer = new Mixer();
    const phones = { a: track(await TonePhone.open(700)), c: track(await TonePhone.open(1100)) };
    const sessions: MediaSession[] = [];
    for (const [party, phone] of Object.entries(phones)) {
      const { sdp, session } = await engine.answer(phone.offer(), {
        source: { kind: 'tone', frequencyHz: CUSTOMER_HZ },
        mode: 'both',
        host: '127.0.0.1',
      });
      sessions.push(track(session));
      session.setMix(mixer.join(party));
      phone.talkTo(portOf(sdp));
    }
    // A three-party call held by a: the customer and c hear the hold tone, a talks to nobody.
    mixer.route([
      [HOLD_TONE, CUSTOMER],
      [HOLD_TONE, 'c'],
    ]);
    await vi.waitFor(
      () => {
        expect(phones.c.level(HOLD_TONE_HZ)).toBeGreaterThan(0.1);
        for (const s of sessions) expect(s.stats().audioEnergyHoldTone).toBeGreaterThan(1);
        expect(mixer.flow(HOLD_TONE, 'c').energy).toBeGreaterThan(1);
      },
      { timeout: 15_000, interval: 50 },
    );
    await Promise.all([phones.a.hearMore(30), phones.c.hearMore(30)]);
    // The holding agent hears nothing (not even the tone); the held one hears neither the customer nor a.
    expect(phones.a.level(HOLD_TONE_HZ)).toBeLessThan(0.05);
    expect(phones.a.level(1100)).toBeLessThan(0.05);
    expect(phones.c.level(700)).toBeLessThan(0.05);
    expect(mixer.flow('a', 'c').frames).toBe(0);
  });
});
