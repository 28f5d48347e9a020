import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JsSIP from 'jssip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { StateEntry } from '../../journal/journal.ts';
import { type MockCec, startMockCec } from '../../start-mock-cec.ts';

/**
 * JsSIP (a second real client, besides SIP.js in the browser) registers over
 * secure WebSocket with digest, in Node (NOTES-platform.md: WebSocket from
 * `ws`, trusting the development CA).
 */
let cec: MockCec;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mock-cec-jssip-'));
  cec = await startMockCec({ port: 0, certDir: dir, seed: 12, sip: { port: 0 } });
  const ca = cec.cert!.ca;
  // JsSIP calls `new WebSocket(url, 'sip')`; this one trusts the development CA.
  (globalThis as { WebSocket?: unknown }).WebSocket = class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { ca });
    }
  };
});

afterAll(async () => {
  await cec.close();
  await rm(dir, { recursive: true, force: true });
});

function ua(sipAccount: string, password: string) {
  return new JsSIP.UA({
    sockets: [new JsSIP.WebSocketInterface(cec.sim.endpoints.sipWsUrl!)],
    uri: `sip:${sipAccount}@127.0.0.1`,
    password,
    register: false,
    register_expires: 600,
    user_agent: 'JsSIP test',
  });
}

/** Start the UA and register once its WebSocket is up. */
async function startAndRegister(u: JsSIP.UA): Promise<string> {
  const result = outcome(u);
  const connected = new Promise<void>((resolve, reject) => {
    u.on('connected', () => resolve());
    u.on('disconnected', () => reject(new Error('could not connect')));
  });
  u.start();
  await connected;
  u.register();
  return result;
}

function outcome(u: JsSIP.UA): Promise<string> {
  return new Promise((resolve) => {
    u.on('registered', () => resolve('registered'));
    u.on('registrationFailed', (e: { cause?: string }) => resolve(`failed: ${e.cause}`));
  });
}

describe('JsSIP over WSS', () => {
  it('registers with digest, is listed, and unregisters', async () => {
    const agent = cec.sim.tenants()[0]!.config.agents[0]!;
    const u = ua(agent.sipAccount, agent.sipPwd);
    expect(await startAndRegister(u)).toBe('registered');
    expect(cec.sip!.registrations()).toMatchObject([
      { sipAccount: agent.sipAccount, transport: 'wss', userAgent: 'JsSIP test' },
    ]);
    const gone = new Promise<void>((resolve) => u.on('unregistered', () => resolve()));
    u.unregister();
    await gone;
    expect(cec.sip!.registrations()).toEqual([]);
    u.stop();
    const events = cec.sim.journal
      .query({ kind: 'state' })
      .filter((e): e is StateEntry => e.kind === 'state' && e.entity === 'registration')
      .map((e) => e.to);
    expect(events).toEqual(['registered', 'unregistered']);
  });

  it('is refused with a wrong password', async () => {
    const agent = cec.sim.tenants()[0]!.config.agents[1]!;
    const u = ua(agent.sipAccount, 'wrong-password');
    expect(await startAndRegister(u)).toBe('failed: Authentication Error');
    u.stop();
  });
});
