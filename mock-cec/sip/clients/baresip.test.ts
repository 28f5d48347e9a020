import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { audioEnergy } from '../../media/audio-frame.ts';
import { type MockCec, startMockCec } from '../../start-mock-cec.ts';
import { Baresip, ensureBaresip } from '../testing/baresip.ts';

/**
 * baresip, a desktop softphone of the kind that speaks plain SIP over UDP
 * with RTP/AVP, through the real SIP server: it registers with digest, calls
 * the echo customer, and the audio is proven both ways (the customer's engine
 * counts baresip's sine arriving; the WAV baresip decoded holds it coming
 * back). Installed with apt when missing; skipped, saying why, when that fails.
 */
const baresip = await ensureBaresip();
if (!baresip.ok) console.warn(`baresip tests skipped: ${baresip.reason}`);

const above = (n: number) => expect.toSatisfy((v: number) => v > n, `more than ${n}`);
/** baresip's sine carries ~15 units of energy per 20 ms frame (audio-frame.ts); 25 frames at 10 is sound, silence is 0. */
const SOUND = 25 * 10;

describe.skipIf(!baresip.ok)('baresip over UDP', () => {
  let cec: MockCec;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mock-cec-baresip-'));
    cec = await startMockCec({ port: 0, tls: false, seed: 15, sip: { port: 0 } });
  });
  afterAll(async () => {
    await cec?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('registers with digest, calls the echo customer, and hears its own sine come back', async () => {
    const agent = cec.sim.tenants()[0]!.config.agents[0]!;
    const server = `127.0.0.1:${cec.sim.endpoints.sipUdpPort}`;
    const phone = await Baresip.start({ dir, sipAccount: agent.sipAccount, sipPwd: agent.sipPwd, server });
    try {
      // It registers as it starts, maybe before its control socket is up: ask the registrar, not its events.
      await vi.waitFor(
        () =>
          expect(cec.sip!.registrations()).toMatchObject([
            { sipAccount: agent.sipAccount, transport: 'udp', userAgent: expect.stringMatching(/^baresip/) },
          ]),
        { timeout: 8000, interval: 20 },
      );

      phone.command('dial', `sip:5550101@${server}`);
      await phone.event('CALL_ESTABLISHED');
      const leg = cec.sip!.customer.legs().find((l) => l.to === '5550101' && l.from === agent.sipAccount)!;
      // 50 packets of sound: a second of baresip's sine, counted by the customer's RTP engine.
      await vi.waitFor(
        () =>
          expect(leg.mediaStats()).toMatchObject({
            flavour: 'rtp',
            packetsReceived: above(50),
            audioEnergyReceived: above(SOUND),
          }),
        { timeout: 8000, interval: 20 },
      );

      phone.command('hangup');
      await phone.event('CALL_CLOSED');
      await vi.waitFor(() => expect(leg.endReason).toBe('agent-hangup'));
    } finally {
      await phone.stop();
    }
    // What baresip decoded is the echo of its own sine: sound, not silence.
    const heard = await phone.heard();
    if (!heard.ok) throw new Error(heard.error.message);
    expect(heard.samples.length).toBeGreaterThan(8000 / 2);
    expect(audioEnergy(heard.samples)).toBeGreaterThan(SOUND);
  });
});
