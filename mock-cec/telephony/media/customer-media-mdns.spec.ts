import { browserCalls, connected, expect, phoneStats, test } from './chromium-phone.ts';

/**
 * A real user's Chrome hides its host addresses behind mDNS names
 * (`<uuid>.local`) until the page may capture media. The project config turns
 * that off and grants capture to every page (--use-fake-ui-for-media-stream);
 * this spec drops both flags and does not capture, so the offer carries only
 * `.local` candidates. The customer connects anyway, through the
 * peer-reflexive candidate it learns from Chromium's connectivity checks.
 */

test.use({
  microphone: false,
  launchOptions: [
    async ({ launchOptions }, use) =>
      use({
        ...launchOptions,
        args: launchOptions.args?.filter(
          (a) => !a.includes('WebRtcHideLocalIpsWithMdns') && !a.includes('fake-ui'),
        ),
      }),
    { scope: 'worker' },
  ],
});

test('the customer still connects, through peer-reflexive candidates', async ({
  phone,
  engine,
  sessions,
}) => {
  const { session } = await browserCalls(phone, engine, { kind: 'tone' });
  sessions.push(session);
  const offer = await phone.evaluate(
    () => (window as unknown as { pc: RTCPeerConnection }).pc.localDescription!.sdp,
  );
  const candidates = offer.match(/^a=candidate:.*$/gm) ?? [];
  expect(candidates.length).toBeGreaterThan(0);
  for (const c of candidates) expect(c).toMatch(/ [0-9a-f-]+\.local \d+ typ host/);
  const start = await connected(phone, session);
  await expect
    .poll(async () => (await phoneStats(phone)).totalAudioEnergy)
    .toBeGreaterThan(start.phone.totalAudioEnergy + 0.01);
});
