import { describe, expect, it } from 'vitest';
import { type AudioFigures, NO_AUDIO } from '../softphone/audio-figures.ts';
import { type AudioReading, audioRise, judgeAudio, provenBothWays, unproven } from './audio-verdict.ts';

const figures = (sent: number, received: number, energy: number): AudioFigures => ({
  active: true,
  dtlsState: 'connected',
  sent: { packets: sent, bytes: sent * 160, energy: 0 },
  received: { packets: received, lost: 0, bytes: received * 160, energy, concealedSamples: 0 },
});
/** Thresholds named here, so the tests do not lean on the defaults. */
const o = { minPackets: 25, windowPackets: 50 };
const start: AudioReading = { phone: figures(10, 10, 0.5), customer: figures(10, 10, 0.2) };
const later = (phone: [number, number, number], customer?: [number, number, number]): AudioReading => ({
  phone: figures(...phone),
  customer: customer && figures(...customer),
});

describe('judgeAudio', () => {
  it('says both once each side hears sound from the other', () => {
    expect(judgeAudio(start, later([40, 40, 0.9], [40, 40, 0.4]), o)).toMatchObject({
      decided: true,
      flow: 'both',
    });
  });

  it('waits for the window before believing that something is missing', () => {
    const v = judgeAudio(start, later([40, 10, 0.5], [40, 40, 0.4]), o);
    expect(v).toEqual({
      decided: false,
      why: expect.stringMatching(/^still measuring \(phone received 0 packets/),
    });
    expect(judgeAudio(start, later([60, 10, 0.5], [60, 60, 0.4]), o)).toMatchObject({
      decided: true,
      flow: 'out',
    });
  });

  it('tells one-way audio into the agent from silence and from nothing', () => {
    expect(judgeAudio(start, later([60, 60, 0.9], [60, 60, 0.2]), o)).toMatchObject({ flow: 'in' });
    expect(judgeAudio(start, later([110, 110, 0.5], [110, 110, 0.4]), o)).toMatchObject({ flow: 'silent' });
    expect(judgeAudio(start, later([60, 10, 0.5], [60, 10, 0.2]), o)).toMatchObject({ flow: 'none' });
  });

  it('believes silence only after twice the window in, from a customer up for its own window', () => {
    // One window of silent packets in: a jitter buffer filling, or an echo that has heard nothing yet.
    expect(judgeAudio(start, later([60, 60, 0.5], [60, 60, 0.4]), o)).toMatchObject({ decided: false });
    // Twice the window in, but the customer has sent only 40: it came up late; not yet.
    expect(judgeAudio(start, later([100, 110, 0.5], [50, 110, 0.4]), o)).toMatchObject({ decided: false });
    // Sound arrives once it echoes: both.
    expect(judgeAudio(start, later([110, 110, 0.9], [60, 110, 0.4]), o)).toMatchObject({ flow: 'both' });
  });

  it('believes silence only once the phone has played out most of the window (no energy is measured before)', () => {
    const played = (r: AudioReading, seconds: number): AudioReading => ({
      ...r,
      phone: { ...r.phone, received: { ...r.phone.received, playedSeconds: seconds } },
    });
    const from = played(start, 1);
    // 100 packets in, no energy, but only 0.2 s played: the audio has not started playing yet.
    expect(judgeAudio(from, played(later([110, 110, 0.5], [110, 110, 0.4]), 1.2), o)).toMatchObject({
      decided: false,
    });
    expect(judgeAudio(from, played(later([110, 110, 0.5], [110, 110, 0.4]), 1.8), o)).toMatchObject({
      flow: 'silent',
    });
    // Sound once it plays: both.
    expect(judgeAudio(from, played(later([70, 70, 0.9], [70, 70, 0.4]), 1.3), o)).toMatchObject({
      flow: 'both',
    });
  });

  it("believes the customer deaf only once the customer's own window has passed (it starts late on a busy machine)", () => {
    // The phone has sent its window, but the customer has sent only 20: its DTLS came up late, and what
    // arrived before was dropped. Not yet one-way.
    expect(judgeAudio(start, later([60, 40, 0.9], [30, 10, 0.2]), o)).toMatchObject({ decided: false });
    // Once the customer has been up for the window and still hears nothing, it is one-way.
    expect(judgeAudio(start, later([80, 60, 0.9], [60, 10, 0.2]), o)).toMatchObject({ flow: 'in' });
    // A customer that sends nothing at all: deaf after twice the phone's window.
    expect(judgeAudio(start, later([60, 10, 0.5], [10, 10, 0.2]), o)).toMatchObject({ decided: false });
    expect(judgeAudio(start, later([110, 10, 0.5], [10, 10, 0.2]), o)).toMatchObject({ flow: 'none' });
  });

  it('judges from the phone alone when the customer reports nothing', () => {
    const phoneOnly = { phone: start.phone };
    expect(judgeAudio(phoneOnly, { phone: figures(40, 40, 0.9) }, o)).toMatchObject({ flow: 'both' });
    expect(judgeAudio(phoneOnly, { phone: figures(60, 10, 0.5) }, o)).toMatchObject({ flow: 'out' });
  });

  it('answers none at once when there is no call or its media connection failed', () => {
    expect(judgeAudio({ phone: NO_AUDIO }, { phone: NO_AUDIO }, o)).toMatchObject({
      decided: true,
      flow: 'none',
      why: expect.stringMatching(/^no call with media/),
    });
    const failed = { ...figures(60, 60, 0.9), dtlsState: 'failed' };
    expect(judgeAudio(start, { phone: failed }, o)).toMatchObject({
      flow: 'none',
      why: expect.stringMatching(/failed/),
    });
  });
});

describe('audioRise, provenBothWays, unproven (what a load run reports of the one verdict)', () => {
  it('counts what moved each way between the readings, and what the phone found missing', () => {
    const after = later([70, 60, 0.9], [70, 72, 0.4]);
    after.phone.received.lost = 4;
    expect(audioRise(start, after)).toEqual({
      toPhone: 50,
      toCustomer: 62,
      sentByPhone: 60,
      sentByCustomer: 60,
      lostToPhone: 4,
    });
    expect(audioRise({ phone: NO_AUDIO }, { phone: figures(30, 20, 0.1) })).toMatchObject({
      toCustomer: 0,
      sentByCustomer: 0,
    });
  });

  it('proves audio only when it flows both ways, and says what it found otherwise', () => {
    expect(provenBothWays(judgeAudio(start, later([70, 60, 0.9], [70, 70, 0.4]), o))).toBe(true);
    const silent = judgeAudio(start, later([120, 110, 0.5], [120, 120, 0.4]), o);
    expect(provenBothWays(silent)).toBe(false);
    expect(unproven(silent)).toMatch(/^audio silent: phone received 100 packets, energy \+0;/);
    const early = judgeAudio(start, later([20, 20, 0.6], [20, 20, 0.3]), o);
    expect(provenBothWays(early)).toBe(false);
    expect(unproven(early)).toMatch(/^still measuring/);
  });

  it('does not count levels from before the answer', () => {
    const loud: AudioReading = { phone: figures(500, 500, 9), customer: figures(500, 500, 9) };
    const v = judgeAudio(loud, { phone: figures(600, 510, 9), customer: figures(600, 600, 10) }, o);
    expect(provenBothWays(v)).toBe(false);
  });
});
