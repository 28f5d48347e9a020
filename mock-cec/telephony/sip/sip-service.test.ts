import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Agent } from '../../infrastructure/config/tenant-schema.ts';
import type { SipEntry } from '../../infrastructure/journal/journal.ts';
import { type MockCec, startMockCec } from '../../start-mock-cec.ts';
import { header } from './core/message.ts';
import { answerChallenge, readChallenge } from './testing/digest-client.ts';
import { crlf, statusOf, type TestClient, tcpClient, udpClient, wsClient } from './testing/socket-clients.ts';
import { tortureCorpus } from './testing/torture-corpus.ts';

let cec: MockCec;
let dir: string;
let agents: Agent[];
let n = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mock-cec-sip-'));
  cec = await startMockCec({ port: 0, certDir: dir, seed: 11, sip: { port: 0 } });
  agents = cec.sim.tenants()[0]!.config.agents;
});
afterAll(async () => {
  await cec.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  cec.sim.faults.clear();
});

function register(
  a: Agent,
  o: { transport: string; via: string; contact: string; cseq: number; auth?: string; expires?: number },
) {
  n++;
  return [
    `REGISTER sip:127.0.0.1 SIP/2.0`,
    `Via: SIP/2.0/${o.transport} ${o.via};branch=z9hG4bKsvc${n}`,
    'Max-Forwards: 70',
    `To: <sip:${a.sipAccount}@127.0.0.1>`,
    `From: <sip:${a.sipAccount}@127.0.0.1>;tag=t${n}`,
    `Call-ID: svc-${a.sipAccount}-${o.transport}`,
    `CSeq: ${o.cseq} REGISTER`,
    `Contact: <${o.contact}>;expires=${o.expires ?? 300}`,
    ...(o.auth ? [`Authorization: ${o.auth}`] : []),
    'Content-Length: 0',
    '',
    '',
  ].join('\n');
}

/** The REGISTER, 401, REGISTER, 200 exchange over any client. */
async function registerOver(
  c: TestClient,
  a: Agent,
  transport: string,
  via: string,
  contact: string,
  expires?: number,
) {
  c.send(register(a, { transport, via, contact, cseq: 1, expires }));
  const challenge = await c.next();
  expect(statusOf(challenge)).toBe(401);
  const auth = answerChallenge(readChallenge(header(challenge, 'www-authenticate')!), {
    username: a.sipAccount,
    password: a.sipPwd,
    method: 'REGISTER',
    uri: 'sip:127.0.0.1',
  });
  c.send(register(a, { transport, via, contact, cseq: 2, auth, expires }));
  return c.next();
}

function options(via: string, transport = 'UDP') {
  n++;
  return `OPTIONS sip:127.0.0.1 SIP/2.0\nVia: SIP/2.0/${transport} ${via};branch=z9hG4bKopt${n}\nMax-Forwards: 70\nTo: <sip:127.0.0.1>\nFrom: <sip:probe@127.0.0.1>;tag=o${n}\nCall-ID: opt-${n}\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n`;
}

describe('SIP over real sockets', () => {
  it('publishes its endpoints', () => {
    const e = cec.sim.endpoints;
    expect(e.sipUdpPort).toBeGreaterThan(0);
    expect(e.sipTcpPort).toBe(e.sipUdpPort);
    expect(e.sipWsUrl).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/sip$/);
    // SIP over TLS, on a port of its own (the CLI's default is the SIP port + 1).
    expect(e.sipTlsPort).toBeGreaterThan(0);
    expect(e.sipTlsPort).not.toBe(e.sipTcpPort);
  });

  it('registers over UDP with digest and journals both messages and the binding', async () => {
    const c = await udpClient(cec.sim.endpoints.sipUdpPort!);
    try {
      const ok = await registerOver(
        c,
        agents[0]!,
        'UDP',
        `127.0.0.1:${c.port}`,
        `sip:${agents[0]!.sipAccount}@127.0.0.1:${c.port}`,
      );
      expect(statusOf(ok)).toBe(200);
      expect(header(ok, 'contact')).toBe(`<sip:${agents[0]!.sipAccount}@127.0.0.1:${c.port}>;expires=300`);
      const sip = cec.sim.journal
        .query({ kind: 'sip' })
        .filter((e) => (e as SipEntry).callId === `svc-${agents[0]!.sipAccount}-UDP`) as SipEntry[];
      expect(sip.map((e) => `${e.direction} ${e.firstLine}`)).toEqual([
        'in REGISTER sip:127.0.0.1 SIP/2.0',
        'out SIP/2.0 401 Unauthorized',
        'in REGISTER sip:127.0.0.1 SIP/2.0',
        'out SIP/2.0 200 OK',
      ]);
      expect(sip[0]).toMatchObject({ transport: 'udp', agent: agents[0]!.workNo, cseq: '1 REGISTER' });
      expect(sip[1]!.note).toBe('no-credentials');
      expect(cec.sip!.registrations().map((r) => [r.sipAccount, r.transport])).toContainEqual([
        agents[0]!.sipAccount,
        'udp',
      ]);
    } finally {
      await c.close();
    }
  });

  it('frames TCP: two messages in one write, one message in two writes', async () => {
    const c = await tcpClient(cec.sim.endpoints.sipTcpPort!);
    try {
      const via = `127.0.0.1:${c.port};transport=tcp`;
      c.send(Buffer.concat([crlf(options(via, 'TCP')), crlf(options(via, 'TCP'))]));
      expect([statusOf(await c.next()), statusOf(await c.next())]).toEqual([200, 200]);
      const one = crlf(options(via, 'TCP'));
      c.send(one.subarray(0, 30));
      c.send(one.subarray(30));
      expect(statusOf(await c.next())).toBe(200);
    } finally {
      await c.close();
    }
  });

  it('refuses a WebSocket without the sip subprotocol, and drops bindings when the socket closes', async () => {
    const url = cec.sim.endpoints.sipWsUrl!;
    const refused = await new Promise<number>((resolve, reject) => {
      const other = new WebSocket(url, 'not-sip', { ca: cec.cert!.ca });
      other.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      other.on('open', () => reject(new Error('opened without the sip subprotocol')));
      other.on('error', () => {});
    });
    expect(refused).toBe(400);

    const ws = await wsClient(url, cec.cert!.ca);
    const a = agents[1]!;
    const ok = await registerOver(ws, a, 'WSS', 'q1w2e3.invalid', `sip:q1w2e3@q1w2e3.invalid;transport=ws`);
    expect(statusOf(ok)).toBe(200);
    expect(cec.sip!.registrations().filter((r) => r.sipAccount === a.sipAccount)).toHaveLength(1);
    await ws.close();
    await expect
      .poll(() => cec.sip!.registrations().filter((r) => r.sipAccount === a.sipAccount))
      .toHaveLength(0);
    const states = cec.sim.journal
      .query({ kind: 'state' })
      .filter((e) => 'entity' in e && e.entity === 'registration' && e.id === a.sipAccount);
    expect(states.map((e) => ('to' in e ? e.to : ''))).toEqual(['registered', 'flow-closed']);
  });

  it('applies SIP fault rules: status, drop, delay, close-connection, expire-nonces', async () => {
    const a = agents[2]!;
    const c = await udpClient(cec.sim.endpoints.sipUdpPort!);
    try {
      cec.sim.faults.add({
        on: 'sip',
        sipMethod: 'REGISTER',
        agent: a.workNo,
        times: 1,
        action: { do: 'sip-status', status: 503 },
      });
      c.send(
        register(a, {
          transport: 'UDP',
          via: `127.0.0.1:${c.port}`,
          contact: `sip:a@127.0.0.1:${c.port}`,
          cseq: 1,
        }),
      );
      expect(statusOf(await c.next())).toBe(503);

      cec.sim.faults.add({
        on: 'sip',
        sipMethod: 'REGISTER',
        agent: a.sipAccount,
        times: 1,
        action: { do: 'drop' },
      });
      c.send(
        register(a, {
          transport: 'UDP',
          via: `127.0.0.1:${c.port}`,
          contact: `sip:a@127.0.0.1:${c.port}`,
          cseq: 2,
        }),
      );
      c.send(options(`127.0.0.1:${c.port}`));
      // The dropped REGISTER got nothing: the next answer is the OPTIONS'.
      expect(header(await c.next(), 'cseq')).toBe('1 OPTIONS');

      const first = await registerOver(c, a, 'UDP', `127.0.0.1:${c.port}`, `sip:a@127.0.0.1:${c.port}`);
      expect(statusOf(first)).toBe(200);
      const again = (cseq: number, auth?: string) => {
        cec.sim.faults.add({ on: 'sip', sipMethod: 'REGISTER', times: 1, action: { do: 'expire-nonces' } });
        c.send(
          register(a, {
            transport: 'UDP',
            via: `127.0.0.1:${c.port}`,
            contact: `sip:a@127.0.0.1:${c.port}`,
            cseq,
            auth,
          }),
        );
      };
      again(9);
      const challenge = await c.next();
      again(
        10,
        answerChallenge(readChallenge(header(challenge, 'www-authenticate')!), {
          username: a.sipAccount,
          password: a.sipPwd,
          method: 'REGISTER',
          uri: 'sip:127.0.0.1',
        }),
      );
      const stale = await c.next();
      expect(statusOf(stale)).toBe(401);
      expect(readChallenge(header(stale, 'www-authenticate')!).stale).toBe(true);
    } finally {
      await c.close();
    }
    const delayed = await udpClient(cec.sim.endpoints.sipUdpPort!);
    cec.sim.faults.add({ on: 'sip', sipMethod: 'OPTIONS', times: 1, action: { do: 'delay', ms: 30 } });
    delayed.send(options(`127.0.0.1:${delayed.port}`));
    expect(statusOf(await delayed.next())).toBe(200);
    await delayed.close();
    expect(
      (cec.sim.journal.query({ kind: 'sip' }) as SipEntry[]).some((e) => e.note === 'delayed 30 ms by fault'),
    ).toBe(true);
    const tcp = await tcpClient(cec.sim.endpoints.sipTcpPort!);
    cec.sim.faults.add({ on: 'sip', sipMethod: 'OPTIONS', times: 1, action: { do: 'close-connection' } });
    tcp.send(options(`127.0.0.1:${tcp.port}`, 'TCP'));
    await tcp.closed;
    expect(cec.sim.journal.query({ kind: 'fault' }).length).toBeGreaterThanOrEqual(6);
  });

  it('survives thousands of malformed datagrams: answers 400 where it can, keeps the registrar intact', async () => {
    const c = await udpClient(cec.sim.endpoints.sipUdpPort!);
    try {
      const before = cec.sip!.registrations().length;
      const seeds = tortureCorpus()
        .filter((t) => t.expect !== 'ok')
        .map((t) => t.bytes);
      const samples = fc.sample(
        fc
          .record({ seed: fc.constantFrom(...seeds), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) })
          .map(({ seed, at, byte }) => {
            const b = Buffer.from(seed);
            b[at % b.length] = byte;
            return b;
          }),
        { numRuns: 3000, seed: 42 },
      );
      for (const s of [...seeds, ...samples]) c.send(s);
      // Then a well-formed request on the same socket: once it is answered, everything before it was handled.
      const probe = options(`127.0.0.1:${c.port}`);
      const probeId = /Call-ID: (\S+)/.exec(probe)![1];
      c.send(probe);
      for (;;) {
        const m = await c.next();
        if (header(m, 'call-id') === probeId) {
          expect(statusOf(m)).toBe(200);
          break;
        }
      }
      expect(cec.sip!.registrations().length).toBe(before);
      const answered = cec.sim.journal
        .query({ kind: 'sip' })
        .filter((e) => (e as SipEntry).note?.startsWith('answered 400'));
      expect(answered.length).toBeGreaterThan(0);
    } finally {
      await c.close();
    }
  });
});
