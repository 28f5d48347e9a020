import { browserCalls, callFigures, connected, expect, phoneStats, test } from './chromium-phone.ts';

/**
 * The simulated customer against real Chromium: audio must be proven both ways
 * by Chromium's own WebRTC stats (inbound-rtp packetsReceived and
 * totalAudioEnergy rising after connect, transport dtlsState) and by the
 * engine's counters.
 */

test('Chromium calls the customer (tone): audio both ways, PCMU, DTLS connected', async ({
  phone,
  engine,
  sessions,
}) => {
  const { session, answerMs } = await browserCalls(phone, engine, { kind: 'tone' });
  sessions.push(session);
  const start = await connected(phone, session);

  await expect
    .poll(async () => (await phoneStats(phone)).packetsReceived)
    .toBeGreaterThan(start.phone.packetsReceived + 25);
  await expect
    .poll(async () => (await phoneStats(phone)).totalAudioEnergy)
    .toBeGreaterThan(start.phone.totalAudioEnergy + 0.01);
  expect((await phoneStats(phone)).codec).toBe('audio/PCMU');

  await expect.poll(() => session.stats().packetsReceived).toBeGreaterThan(start.engine.packetsReceived + 25);
  await expect
    .poll(() => session.stats().audioEnergyReceived)
    .toBeGreaterThan(start.engine.audioEnergyReceived + 1);
  test.info().annotations.push(...(await callFigures(phone, answerMs)));
});

test('Chromium calls the echo customer: it hears its own beep come back', async ({
  phone,
  engine,
  sessions,
}) => {
  const { session } = await browserCalls(phone, engine, { kind: 'echo' });
  sessions.push(session);
  const start = await connected(phone, session);
  await expect
    .poll(() => session.stats().audioEnergyReceived)
    .toBeGreaterThan(start.engine.audioEnergyReceived + 1);
  await expect
    .poll(async () => (await phoneStats(phone)).totalAudioEnergy)
    .toBeGreaterThan(start.phone.totalAudioEnergy + 0.001);
});

test('the customer calls Chromium (engine offers, Chromium answers): audio both ways', async ({
  phone,
  engine,
  sessions,
}) => {
  const pending = await engine.offer('webrtc', {
    source: { kind: 'tone', frequencyHz: 600 },
    mode: 'both',
    host: '127.0.0.1',
  });
  sessions.push(pending.session);
  const answer = await phone.evaluate(async (offer) => {
    const pc = (window as unknown as { pc: RTCPeerConnection }).pc;
    await pc.setRemoteDescription({ type: 'offer', sdp: offer });
    await pc.setLocalDescription(await pc.createAnswer());
    if (pc.iceGatheringState !== 'complete') {
      await new Promise<void>((resolve) =>
        pc.addEventListener(
          'icegatheringstatechange',
          () => pc.iceGatheringState === 'complete' && resolve(),
        ),
      );
    }
    return pc.localDescription!.sdp;
  }, pending.sdp);
  await pending.accept(answer);
  const start = await connected(phone, pending.session);

  await expect
    .poll(async () => (await phoneStats(phone)).totalAudioEnergy)
    .toBeGreaterThan(start.phone.totalAudioEnergy + 0.01);
  await expect
    .poll(() => pending.session.stats().audioEnergyReceived)
    .toBeGreaterThan(start.engine.audioEnergyReceived + 1);
  expect((await phoneStats(phone)).packetsSent).toBeGreaterThan(0);
});

test('silent mode: packets reach Chromium, energy stays at ~0; setMode(both) brings sound', async ({
  phone,
  engine,
  sessions,
}) => {
  const { session } = await browserCalls(phone, engine, { kind: 'tone' }, 'silent');
  sessions.push(session);
  const start = await connected(phone, session);

  // Packets but no sound: this is how a test detects a silent line.
  await expect
    .poll(async () => (await phoneStats(phone)).packetsReceived)
    .toBeGreaterThan(start.phone.packetsReceived + 50);
  expect((await phoneStats(phone)).totalAudioEnergy).toBeLessThan(1e-6);

  session.setMode('both');
  await expect.poll(async () => (await phoneStats(phone)).totalAudioEnergy).toBeGreaterThan(0.01);
});
