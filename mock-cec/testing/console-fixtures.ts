import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import JsSIP from 'jssip';
import WebSocket from 'ws';
import { answer, controlClient } from '../control/client.ts';
import { type MockCec, startMockCec } from '../start-mock-cec.ts';

/**
 * The console in Chromium against a real simulator: one HTTPS mock-cec per
 * worker (dev certificate in a temporary folder, no SIP side), and the page
 * opened on it with every page error collected.
 */
export const test = base.extend<{ consolePage: { page: Page; errors: string[] } }, { cec: MockCec }>({
  cec: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a pattern
    async ({}, use) => {
      const dir = await mkdtemp(join(tmpdir(), 'mock-cec-console-'));
      const cec = await startMockCec({ port: 0, certDir: dir });
      await use(cec);
      await cec.close();
      await rm(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],

  consolePage: async ({ page }, use) => {
    // Script errors and CSP refusals land here. Refused requests do not: the page shows those
    // (a bad fault rule, the missing SIP side), and the tests check what it shows.
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
    });
    await use({ page, errors });
  },
});

/** Create a tenant through the control API (not the page), for tests about something else. */
export async function createTenant(_page: Page, cec: MockCec, body: { seed?: number; agents?: number } = {}) {
  const client = controlClient({ url: cec.url, ca: cec.cert!.ca });
  const json = { agents: 2, ...body };
  const created = await answer(() => client.api.tenants.$post({ json }), 'POST /tenants').finally(() =>
    client.close(),
  );
  return created.tenantSpaceId;
}

/**
 * A real softphone for the Softphones panel: JsSIP in Node, registered over
 * the SIP side's secure WebSocket with digest (its WebSocket trusts the dev CA).
 * It rings and never answers: Node has no WebRTC, and ringing is all the console shows.
 */
export async function registerSoftphone(cec: MockCec, sipAccount: string, password: string) {
  const ca = cec.cert!.ca;
  const url = cec.sim.endpoints.sipWsUrl!;
  (globalThis as { WebSocket?: unknown }).WebSocket = class extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { ca });
    }
  };
  const ua = new JsSIP.UA({
    sockets: [new JsSIP.WebSocketInterface(url)],
    uri: `sip:${sipAccount}@127.0.0.1`,
    password,
    register: true,
    register_expires: 600,
    user_agent: 'JsSIP console test',
  });
  // A softphone rings until answered or hung up. JsSIP refuses a call at once (405 without a listener,
  // 488 without WebRTC), and the ringing a test looks for would last a moment (the console test raced
  // it). It only looks for WebRTC before ringing, and this phone never answers, so no peer connection
  // is ever made: a stand-in for the check, for the phone's life only.
  ua.on('newRTCSession', () => undefined);
  const g = globalThis as { window?: unknown };
  const hadWindow = 'window' in g;
  if (!hadWindow) g.window = { RTCPeerConnection: class {} };
  const forgetWindow = () => {
    if (!hadWindow) delete g.window;
  };
  try {
    await new Promise<void>((resolve, reject) => {
      ua.on('registered', () => resolve());
      ua.on('registrationFailed', (e: { cause?: string }) =>
        reject(new Error(`registration failed: ${e.cause}`)),
      );
      ua.start();
    });
  } catch (err) {
    ua.stop();
    forgetWindow();
    throw err;
  }
  return {
    /** Unregister and close the WebSocket. */
    async stop() {
      const gone = new Promise<void>((resolve) => ua.on('unregistered', () => resolve()));
      ua.unregister();
      await gone;
      ua.stop();
      forgetWindow();
    },
  };
}

export { expect };
