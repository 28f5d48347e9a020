import { describe, expect, it } from 'vitest';
import { type AudioSample, judgeAudio } from './audio-proof.ts';

/** A sample where each side received `phone`/`customer` packets and both sent `sent`. */
const sample = (
  phone: number,
  phoneEnergy: number,
  customer: number,
  customerEnergy: number,
  o: { dtls?: string; sent?: number } = {},
): AudioSample => ({
  phone: {
    packetsReceived: phone,
    packetsLost: 0,
    packetsSent: o.sent ?? 0,
    totalAudioEnergy: phoneEnergy,
    dtlsState: o.dtls ?? 'connected',
  },
  customer: { packetsReceived: customer, packetsSent: o.sent ?? 0, audioEnergyReceived: customerEnergy },
});

describe('judgeAudio', () => {
  it('proves audio both ways from rises after answer', () => {
    expect(judgeAudio(sample(10, 0.1, 12, 3), sample(60, 0.4, 70, 9, { sent: 60 }))).toEqual({
      proven: true,
      rise: { toPhone: 50, toCustomer: 58, sentByCustomer: 60, sentByPhone: 60, lostToPhone: 0 },
    });
  });

  it('names each missing direction, with what was sent', () => {
    const v = judgeAudio(sample(10, 0.1, 12, 3), sample(12, 0.1, 70, 3, { sent: 50 }));
    expect(v).toMatchObject({
      proven: false,
      reasons: [
        'phone received 2 of 50 packets the customer sent',
        'customer received 58 packets but no sound',
      ],
    });
  });

  it('tells packets without sound from no packets, and counts a dead DTLS', () => {
    const v = judgeAudio(sample(0, 0, 0, 0), sample(100, 0, 100, 1, { dtls: 'failed' }));
    expect(v).toMatchObject({
      proven: false,
      reasons: ['phone DTLS failed', 'phone received 100 packets but no sound'],
    });
  });

  it('does not count levels from before the answer', () => {
    expect(judgeAudio(sample(500, 9, 500, 9), sample(510, 9, 600, 10)).proven).toBe(false);
  });
});
