import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JsSIP from 'jssip';
import type { RTCSession } from 'jssip/lib/RTCSession.js';
import { Agent, fetch } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { StateEntry } from '../../../infrastructure/journal/journal.ts';
import { type MockCec, startMockCec } from '../../../start-mock-cec.ts';
import { installWebRtcForJsSip, NodeAudio } from '../testing/jssip-webrtc.ts';

/**
 * JsSIP (a second real client, besides SIP.js in the browser) registers over
 * secure WebSocket with digest, in Node (NOTES-platform.md: WebSocket from
 * `ws`, trusting the development CA), and places and takes calls with real
 * media: werift stands in for the browser's WebRTC (jssip-webrtc.ts).
 */
let cec: MockCec;
let dir: string;
let uninstallWebRtc: () => void;
let dispatcher: Agent;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mock-cec-jssip-'));
  cec = await startMockCec({ port: 0, certDir: dir, seed: 12, sip: { port: 0 } });
  const ca = cec.cert!.ca;
  uninstallWebRtc = installWebRtcForJsSip();
  dispatcher = new Agent({ connect: { ca } });
  // JsSIP calls `new WebSocket(url, 'sip')`; this one trusts the development CA.
  (globalThis as { WebSocket?: unknown }).WebSocket = class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { ca });
    }
  };
});

afterAll(async () => {
  uninstallWebRtc();
  await dispatcher.close();
  await cec.close();
  await rm(dir, { recursive: true, force: true });
});

/** What a test started, stopped after it even when it failed. */
const started: { stop(): void }[] = [];
afterEach(() => {
  for (const thing of started.splice(0)) thing.stop();
});

function ua(sipAccount: string, password: string) {
  return track(
    new JsSIP.UA({
      sockets: [new JsSIP.WebSocketInterface(cec.sim.endpoints.sipWsUrl!)],
      uri: `sip:${sipAccount}@127.0.0.1`,
      password,
      register: false,
      register_expires: 600,
      user_agent: 'JsSIP test',
    }),
  );
}

function track<T extends { stop(): void }>(thing: T): T {
  started.push(thing);
  return thing;
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
  });
});

/** A 1 kHz tone at −6 dBFS carries 20 units of energy per 20 ms frame (audio-frame.ts): 25 frames' worth. */
const SOUND = 25 * 20 * 0.8;
const above = (n: number) => expect.toSatisfy((v: number) => v > n, `more than ${n}`);

/** How a JsSIP session ended, or that it was confirmed. */
function outcomeOf(session: RTCSession): Promise<string> {
  return new Promise((resolve) => {
    session.on('confirmed', () => resolve('confirmed'));
    session.on('failed', (e) => {
      const status = e.message && 'status_code' in e.message ? e.message.status_code : '';
      resolve(`failed: ${e.cause} ${status}`.trim());
    });
  });
}

const endedOf = (session: RTCSession) => new Promise<void>((resolve) => session.on('ended', () => resolve()));
const legTo = (number: string, from: string) =>
  cec.sip!.customer.legs().find((l) => l.to === number && l.from === from);

describe('JsSIP calls, with werift as its WebRTC', () => {
  it('calls the echo customer: audio both ways over DTLS-SRTP, then hangs up with BYE', async () => {
    const agent = cec.sim.tenants()[0]!.config.agents[2]!;
    const u = ua(agent.sipAccount, agent.sipPwd);
    expect(await startAndRegister(u)).toBe('registered');
    const audio = track(new NodeAudio());
    const session = u.call('sip:5550101@127.0.0.1', {
      mediaStream: audio.stream,
      eventHandlers: {
        peerconnection: (e: { peerconnection: RTCPeerConnection }) => audio.listen(e.peerconnection),
      },
    });
    expect(await outcomeOf(session)).toBe('confirmed');
    audio.talk();

    const leg = legTo('5550101', agent.sipAccount)!;
    await vi.waitFor(
      () => {
        expect(audio.heard).toMatchObject({ packets: above(25), energy: above(SOUND) });
        expect(leg.mediaStats()).toMatchObject({
          flavour: 'webrtc',
          dtlsState: 'connected',
          packetsReceived: above(25),
          audioEnergyReceived: above(SOUND),
        });
      },
      { timeout: 8000, interval: 20 },
    );
    expect(session.connection.connectionState).toBe('connected');

    const ended = endedOf(session);
    session.terminate();
    await ended;
    await vi.waitFor(() => expect(leg.endReason).toBe('agent-hangup'));
  });

  it('is called by the customer (POST /__mock/sip/dial) and answers: audio both ways', async () => {
    const agent = cec.sim.tenants()[0]!.config.agents[3]!;
    const u = ua(agent.sipAccount, agent.sipPwd);
    expect(await startAndRegister(u)).toBe('registered');
    const audio = track(new NodeAudio());
    const incoming = new Promise<RTCSession>((resolve) =>
      u.on('newRTCSession', (e: { originator: string; session: RTCSession }) => {
        if (e.originator === 'remote') resolve(e.session);
      }),
    );
    const res = await fetch(`${cec.url}/__mock/sip/dial`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: cec.sim.tenants()[0]!.id, toSipAccount: agent.sipAccount }),
      dispatcher,
    });
    expect(res.status).toBe(201);
    const { callId } = (await res.json()) as { callId: string };
    const session = await incoming;
    session.on('peerconnection', (e: { peerconnection: RTCPeerConnection }) =>
      audio.listen(e.peerconnection),
    );
    const confirmed = outcomeOf(session);
    session.answer({ mediaStream: audio.stream });
    expect(await confirmed).toBe('confirmed');
    audio.talk();

    const leg = cec.sip!.customer.leg(callId)!;
    await vi.waitFor(
      () => {
        expect(audio.heard).toMatchObject({ packets: above(25), energy: above(SOUND) });
        expect(leg.mediaStats()).toMatchObject({
          packetsReceived: above(25),
          audioEnergyReceived: above(SOUND),
        });
      },
      { timeout: 8000, interval: 20 },
    );
    const ended = endedOf(session);
    await leg.hangup();
    await ended;
  });

  it('hears busy (486), and cancels a call nobody answers (CANCEL, 487)', async () => {
    const agent = cec.sim.tenants()[0]!.config.agents[4]!;
    const u = ua(agent.sipAccount, agent.sipPwd);
    expect(await startAndRegister(u)).toBe('registered');
    const options = () => ({ mediaStream: new NodeAudio().stream });

    expect(await outcomeOf(u.call('sip:5550102@127.0.0.1', options()))).toBe('failed: Busy 486');

    const ringing = u.call('sip:5550103@127.0.0.1', options());
    const outcome = outcomeOf(ringing);
    await new Promise<void>((resolve) => ringing.on('progress', () => resolve()));
    ringing.terminate();
    expect(await outcome).toBe('failed: Canceled');
    const leg = legTo('5550103', agent.sipAccount)!;
    await vi.waitFor(() => expect(leg).toMatchObject({ endReason: 'cancelled', endStatus: 487 }));
  });
});
