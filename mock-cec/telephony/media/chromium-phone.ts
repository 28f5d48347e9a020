import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test as base, expect, type Page } from '@playwright/test';
import { createMediaEngine } from './create-media-engine.ts';
import type { MediaEngine, MediaSession, MediaSource } from './media-engine.ts';

/**
 * Playwright fixtures for the media specs: a Chromium page with an
 * RTCPeerConnection holding the fake microphone (a beep), signalled to the
 * engine through page.evaluate, and Chromium's own WebRTC stats.
 */

interface Fixtures {
  /**
   * Whether the phone captures the fake microphone (and sends its beep). Without
   * it the page only receives, and Chromium, lacking capture permission, hides
   * its host addresses behind mDNS names as it does for real users.
   */
  microphone: boolean;
  engine: MediaEngine;
  /** Sessions to close after the test. */
  sessions: MediaSession[];
  /** A page with an RTCPeerConnection `pc` holding the fake microphone's track. */
  phone: Page;
}

export const test = base.extend<Fixtures, { pageUrl: string }>({
  // getUserMedia needs a secure context: http://127.0.0.1 is one. A blank page is all we need.
  pageUrl: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this destructuring
    async ({}, use) => {
      const server: Server = createServer((_req, res) => res.end('<!doctype html><title>phone</title>'));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      await new Promise((resolve) => server.close(resolve));
    },
    { scope: 'worker' },
  ],
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this destructuring
  engine: async ({}, use) => use(createMediaEngine()),
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this destructuring
  sessions: async ({}, use) => {
    const sessions: MediaSession[] = [];
    await use(sessions);
    await Promise.all(sessions.map((s) => s.close()));
  },
  microphone: [true, { option: true }],
  phone: async ({ page, pageUrl, microphone }, use) => {
    await page.goto(pageUrl);
    await page.evaluate(async (withMicrophone) => {
      const pc = new RTCPeerConnection({ iceServers: [] });
      if (withMicrophone) {
        const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
        for (const t of mic.getTracks()) pc.addTrack(t, mic);
      } else {
        pc.addTransceiver('audio', { direction: 'recvonly' });
      }
      // Chromium decodes (and measures totalAudioEnergy of) remote audio only when something plays it.
      pc.addEventListener('track', (e) => {
        const speaker = new Audio();
        speaker.srcObject = new MediaStream([e.track]);
        void speaker.play();
        Object.assign(window, { speaker });
      });
      Object.assign(window, { pc });
    }, microphone);
    await use(page);
    await page.evaluate(() => (window as unknown as { pc: RTCPeerConnection }).pc.close());
  },
});

export interface PhoneStats {
  packetsReceived: number;
  totalAudioEnergy: number;
  packetsSent: number;
  dtlsState: string | undefined;
  codec: string | undefined;
}

/** Chromium's view: inbound-rtp, outbound-rtp, transport and codec of the audio stream. */
export function phoneStats(page: Page): Promise<PhoneStats> {
  return page.evaluate(async () => {
    const pc = (window as unknown as { pc: RTCPeerConnection }).pc;
    const out: PhoneStats = {
      packetsReceived: 0,
      totalAudioEnergy: 0,
      packetsSent: 0,
      dtlsState: undefined,
      codec: undefined,
    };
    const report = await pc.getStats();
    report.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') {
        out.packetsReceived = s.packetsReceived ?? 0;
        out.totalAudioEnergy = s.totalAudioEnergy ?? 0;
        out.codec = report.get(s.codecId)?.mimeType;
      }
      if (s.type === 'outbound-rtp' && s.kind === 'audio') out.packetsSent = s.packetsSent ?? 0;
      if (s.type === 'transport') out.dtlsState = s.dtlsState;
    });
    return out;
  });
}

/** Chromium offers; the engine answers; Chromium applies the answer. */
export async function browserCalls(
  phone: Page,
  engine: MediaEngine,
  source: MediaSource,
  mode: 'both' | 'silent' = 'both',
) {
  const offer = await phone.evaluate(async () => {
    const pc = (window as unknown as { pc: RTCPeerConnection }).pc;
    await pc.setLocalDescription(await pc.createOffer());
    await iceComplete(pc);
    return pc.localDescription!.sdp;

    function iceComplete(pc: RTCPeerConnection): Promise<void> {
      if (pc.iceGatheringState === 'complete') return Promise.resolve();
      return new Promise((resolve) =>
        pc.addEventListener(
          'icegatheringstatechange',
          () => pc.iceGatheringState === 'complete' && resolve(),
        ),
      );
    }
  });
  const t0 = performance.now();
  const { sdp, session } = await engine.answer(offer, { source, mode, host: '127.0.0.1' });
  const answerMs = performance.now() - t0;
  await phone.evaluate(async (answer) => {
    const w = window as unknown as { pc: RTCPeerConnection; firstRtpMs?: number };
    await w.pc.setRemoteDescription({ type: 'answer', sdp: answer });
    // Figures, not assertions: how long from the answer to Chromium's first RTP packet.
    const since = performance.now();
    const poll = async () => {
      let received = 0;
      (await w.pc.getStats()).forEach((s) => {
        if (s.type === 'inbound-rtp') received = s.packetsReceived ?? 0;
      });
      if (received > 0) w.firstRtpMs = performance.now() - since;
      else if (w.pc.connectionState !== 'closed') setTimeout(poll, 5);
    };
    void poll();
  }, sdp);
  return { session, answerMs };
}

/** Figures for the report: engine answer time, and answer → first RTP as Chromium saw it. */
export async function callFigures(
  phone: Page,
  answerMs: number,
): Promise<{ type: string; description: string }[]> {
  await expect
    .poll(() => phone.evaluate(() => (window as unknown as { firstRtpMs?: number }).firstRtpMs))
    .toBeDefined();
  const firstRtpMs = await phone.evaluate(() => (window as unknown as { firstRtpMs: number }).firstRtpMs);
  return [
    { type: 'engine answer SDP', description: `${answerMs.toFixed(1)} ms` },
    { type: 'answer → first RTP in Chromium', description: `${firstRtpMs.toFixed(0)} ms` },
  ];
}

/** Wait for DTLS, then return the stats at that moment: rises are measured from there. */
export async function connected(phone: Page, session: MediaSession) {
  await expect.poll(async () => (await phoneStats(phone)).dtlsState).toBe('connected');
  await expect.poll(() => session.stats().dtlsState).toBe('connected');
  return { phone: await phoneStats(phone), engine: session.stats() };
}

export { expect };
