import { describe, expect, it } from 'vitest';
import type { PhoneFleet, PhoneStats } from '../softphone/phone-fleet.ts';
import { type Call, type ProofOptions, proveAudio, secondsBetween } from './prove-audio.ts';
import type { LegView, SipControlClient } from './sip-control-client.ts';

/**
 * One call whose media starts 1 s after "talking" (a slow DTLS handshake), then flows at 50 packets/s
 * each way. Each look at the legs moves a pretend clock on by 500 ms; both sides stamp their
 * counters with it, as WebRTC stats and the simulator's pushed counters do.
 */
function slowStartingCall() {
  let t = 0;
  const packetsAt = (ms: number) => Math.max(0, Math.floor((ms - 1_000) / 20));
  const figures = (ms: number) => {
    const n = packetsAt(ms);
    return { packets: n, bytes: n * 160, energy: n * 0.01 };
  };
  const fleet = {
    untilAll: async () => [],
    stats: async (): Promise<Record<string, PhoneStats>> => {
      const f = figures(t);
      return {
        '1001': {
          state: 'talking',
          active: true,
          dtlsState: 'connected',
          at: t,
          sent: f,
          received: { ...f, lost: 0, concealedSamples: 0 },
        },
      };
    },
  } as unknown as PhoneFleet;
  const control = {
    legs: async () => {
      t += 500;
      const f = figures(t);
      const leg = {
        callId: 'c1',
        state: 'answered',
        media: {
          flavour: 'webrtc',
          packetsSent: f.packets,
          packetsReceived: f.packets,
          bytesSent: f.bytes,
          bytesReceived: f.bytes,
          audioEnergyReceived: f.energy,
          readAt: t,
          dtlsState: 'connected',
        },
      } as unknown as LegView;
      return { ok: true as const, value: [leg] };
    },
  } as unknown as SipControlClient;
  const o: ProofOptions = { control, tenant: 't', holdMs: 0, proofTimeoutMs: 5_000 };
  const calls: Call[] = [{ target: { sipAccount: '1001', fleet }, callId: 'c1' }];
  return { o, calls };
}

describe('proveAudio', () => {
  it('measures the rate from when the media flows, not from "talking"', async () => {
    const { o, calls } = slowStartingCall();
    const proof = (await proveAudio(o, calls)).get('c1')!;
    expect(proof.proven).toBe(true);
    expect(proof.rate).toEqual({ toPhone: 50, toCustomer: 50, customerSent: 50, phoneSent: 50 });
  });
});

describe('secondsBetween', () => {
  it("is the time between two readings' own stamps, when both have one and time moved on", () => {
    expect(secondsBetween(1_000, 3_500)).toBe(2.5);
    expect(secondsBetween(undefined, 3_500)).toBeUndefined();
    expect(secondsBetween(3_500, 3_500)).toBeUndefined();
  });
});
