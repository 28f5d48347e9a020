import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SipEntry } from '../../infrastructure/journal/journal.ts';
import { type MockCec, startMockCec } from '../../start-mock-cec.ts';
import { header, type SipMessage } from './core/message.ts';
import { parseMessage } from './core/parse-message.ts';
import { StreamFramer } from './core/stream-framer.ts';
import { answerChallenge, readChallenge } from './testing/digest-client.ts';
import { statusOf } from './testing/socket-clients.ts';

/**
 * SIP over TLS (RFC 3261 §26.2.1; OpenEye's sipTransportMode 1) with the
 * development CA's server certificate, verified by the client as a softphone
 * that trusts the CA does: digest registration over a node:tls socket. The
 * listener's deadline covers the TLS handshake, and its caps are journaled.
 */
let cec: MockCec;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mock-cec-sip-tls-'));
  cec = await startMockCec({
    port: 0,
    certDir: dir,
    seed: 23,
    sip: { port: 0, limits: { firstMessageMs: 300, maxPerSource: 3 } },
  });
});
afterAll(async () => {
  await cec.close();
  await rm(dir, { recursive: true, force: true });
});

const sipEntries = () => cec.sim.journal.query({ kind: 'sip' }) as SipEntry[];

async function tlsPhone() {
  const socket = tlsConnect({
    port: cec.sim.endpoints.sipTlsPort!,
    host: '127.0.0.1',
    servername: 'localhost',
    ca: cec.cert!.ca,
  });
  const framer = new StreamFramer();
  const inbox: SipMessage[] = [];
  let wake: (() => void) | undefined;
  socket.on('data', (chunk) => {
    for (const f of framer.push(chunk)) {
      const parsed = f.kind === 'message' ? parseMessage(f.bytes) : undefined;
      if (parsed?.ok) inbox.push(parsed.message);
    }
    wake?.();
  });
  await new Promise<void>((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
  const next = async (): Promise<SipMessage> => {
    while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return inbox.shift()!;
  };
  return {
    socket,
    next,
    port: socket.localPort!,
    send: (text: string) => socket.write(text.replace(/\n/g, '\r\n')),
  };
}

describe('SIP over TLS', () => {
  it('listens with the development certificate and registers a phone with digest', async () => {
    const a = cec.sim.tenants()[0]!.config.agents[0]!;
    const phone = await tlsPhone();
    expect(phone.socket.authorized).toBe(true);
    const contact = `sip:${a.sipAccount}@127.0.0.1:${phone.port};transport=tls`;
    const reg = (cseq: number, auth?: string) =>
      [
        'REGISTER sip:127.0.0.1 SIP/2.0',
        `Via: SIP/2.0/TLS 127.0.0.1:${phone.port};rport;branch=z9hG4bKtls${cseq}`,
        'Max-Forwards: 70',
        `To: <sip:${a.sipAccount}@127.0.0.1>`,
        `From: <sip:${a.sipAccount}@127.0.0.1>;tag=tls`,
        'Call-ID: tls-register',
        `CSeq: ${cseq} REGISTER`,
        `Contact: <${contact}>`,
        ...(auth ? [`Authorization: ${auth}`] : []),
        'Content-Length: 0',
        '',
        '',
      ].join('\n');
    phone.send(reg(1));
    const challenge = await phone.next();
    expect(statusOf(challenge)).toBe(401);
    const auth = answerChallenge(readChallenge(header(challenge, 'www-authenticate')!), {
      username: a.sipAccount,
      password: a.sipPwd,
      method: 'REGISTER',
      uri: 'sip:127.0.0.1',
    });
    phone.send(reg(2, auth));
    const ok = await phone.next();
    expect(statusOf(ok)).toBe(200);
    expect(header(ok, 'contact')).toBe(`<${contact}>;expires=3600`);
    expect(header(ok, 'via')).toBe(
      `SIP/2.0/TLS 127.0.0.1:${phone.port};rport=${phone.port};branch=z9hG4bKtls2;received=127.0.0.1`,
    );
    expect(cec.sip!.registrations()).toMatchObject([{ sipAccount: a.sipAccount, transport: 'tls', contact }]);
    expect(
      sipEntries()
        .filter((e) => e.callId === 'tls-register')
        .map((e) => e.transport),
    ).toEqual(['tls', 'tls', 'tls', 'tls']);

    // The customer calls it: the INVITE comes over the TLS connection, record-routed on our TLS face.
    const leg = cec.sip!.customer.dial({
      tenant: cec.sim.tenants()[0]!.id,
      from: '5551234',
      toSipAccount: a.sipAccount,
      behaviour: { answer: 'answer', source: { kind: 'tone' }, mode: 'both' },
    });
    const ended = new Promise<number | undefined>((resolve) =>
      leg.on('ended', (_why, status) => resolve(status)),
    );
    const invite = await phone.next();
    const tlsPort = cec.sim.endpoints.sipTlsPort;
    expect(invite.kind === 'request' && invite.uri).toBe(contact);
    expect(header(invite, 'record-route')).toMatch(
      new RegExp(`^<sip:127\\.0\\.0\\.1:${tlsPort};transport=tls;lr;`),
    );
    expect(header(invite, 'via')).toMatch(new RegExp(`^SIP/2\\.0/TLS 127\\.0\\.0\\.1:${tlsPort};`));
    // The customer's Contact names the TLS listener, not the UDP/TCP port, with transport=tls.
    expect(header(invite, 'contact')).toBe(`<sip:5551234@127.0.0.1:${tlsPort};transport=tls>`);
    const copied = invite.headers
      .filter((h) => ['via', 'from', 'call-id', 'cseq'].includes(h.key))
      .map((h) => `${h.name}: ${h.value}`);
    phone.send(
      [
        'SIP/2.0 486 Busy Here',
        ...copied,
        `To: ${header(invite, 'to')};tag=busy`,
        'Content-Length: 0',
        '',
        '',
      ].join('\n'),
    );
    expect(statusOf(await phone.next())).toBe('ACK');
    expect(await ended).toBe(486);
    phone.socket.destroy();
  });

  it('closes a connection that never finishes its TLS handshake at the deadline, and journals it', async () => {
    const raw = connect(cec.sim.endpoints.sipTlsPort!, '127.0.0.1');
    raw.on('error', () => {});
    await new Promise<void>((resolve) => raw.on('close', () => resolve()));
    expect(
      sipEntries().some((e) => e.transport === 'tls' && e.note === 'no complete message within 300 ms'),
    ).toBe(true);
  });

  it('journals a connection refused by the cap per source', async () => {
    const port = cec.sim.endpoints.sipTcpPort!;
    const open: Socket[] = [];
    const closed: Promise<void>[] = [];
    for (let i = 0; i < 4; i++) {
      const s = connect(port, '127.0.0.1');
      s.on('error', () => {});
      closed.push(new Promise<void>((resolve) => s.on('close', () => resolve())));
      open.push(s);
    }
    // The fourth is refused at once; the first three wait for the deadline.
    await Promise.all(closed);
    const notes = sipEntries().filter((e) => e.note?.startsWith('connection refused'));
    expect(notes).toMatchObject([
      {
        transport: 'tcp',
        note: 'connection refused: 3 connections open from 127.0.0.1, the most allowed from one address (maxPerSource)',
      },
    ]);
  });
});
