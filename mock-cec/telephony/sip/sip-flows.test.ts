import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Agent } from '../../infrastructure/config/tenant-schema.ts';
import type { SipEntry } from '../../infrastructure/journal/journal.ts';
import { type MockCec, startMockCec } from '../../start-mock-cec.ts';
import { header, type SipMessage } from './core/message.ts';
import { call, registered } from './testing/phone-calls.ts';
import { statusOf, type TestClient, tcpClient, udpClient } from './testing/socket-clients.ts';

/**
 * Which flow a message takes, over real sockets. Relaying between transports
 * (RFC 3261 §18.3): a message that arrived over UDP without Content-Length
 * (legal there; Linphone omits it) goes out over a stream with one, or the
 * stream's peer cannot frame it; a message for a connection that closed is
 * journaled as not sent rather than dropped unseen. Requests for a UDP
 * binding go to its Contact unless the REGISTER asked for its flow (rport,
 * RFC 5626 outbound), and responses say where a request came from
 * (`received`/`rport`, RFC 3261 §18.2.1, RFC 3581 §4).
 */
let cec: MockCec;
let agents: Agent[];

beforeAll(async () => {
  cec = await startMockCec({ port: 0, tls: false, seed: 21, sip: { port: 0 } });
  agents = cec.sim.tenants()[0]!.config.agents;
});
afterAll(async () => {
  await cec.close();
});

const port = () => cec.sim.endpoints.sipUdpPort!;
let n = 0;

/** The callee's 200 the way Linphone sends it over UDP: an SDP body and no Content-Length. */
function okWithoutLength(invite: SipMessage, callee: TestClient): string {
  const sdp =
    'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n';
  const copied = invite.headers
    .filter((h) => ['via', 'from', 'call-id', 'cseq', 'record-route'].includes(h.key))
    .map((h) => `${h.name}: ${h.value}`);
  return [
    'SIP/2.0 200 OK',
    ...copied,
    `To: ${header(invite, 'to')};tag=callee${++n}`,
    `Contact: <sip:callee@127.0.0.1:${callee.port}>`,
    'Content-Type: application/sdp',
    '',
    sdp,
  ].join('\r\n');
}

describe('relaying between UDP and a stream', () => {
  it('gives a response from UDP without Content-Length one on TCP, and the connection stays up', async () => {
    const [from, to] = agents;
    const caller = await tcpClient(port());
    const callee = await udpClient(port());
    await registered(caller, from!, 'TCP');
    await registered(callee, to!, 'UDP');
    const invite = await call(caller, from!, to!, callee);
    callee.send(okWithoutLength(invite, callee));
    const ok = await caller.next();
    expect(statusOf(ok)).toBe(200);
    expect(header(ok, 'content-length')).toBe(String(ok.body.length));
    expect(ok.body.toString()).toMatch(/^v=0\r\n[\s\S]*m=audio 40000 RTP\/AVP 0\r\n$/);
    // The caller's binding lives on: its connection was not closed under it.
    expect(cec.sip!.registrations().filter((r) => r.sipAccount === from!.sipAccount)).toHaveLength(1);
    await Promise.all([caller.close(), callee.close()]);
  });

  it('journals a response for a connection that closed meanwhile as not sent', async () => {
    const [, , from, to] = agents;
    const caller = await tcpClient(port());
    const callee = await udpClient(port());
    await registered(caller, from!, 'TCP');
    await registered(callee, to!, 'UDP');
    const invite = await call(caller, from!, to!, callee);
    await caller.close();
    // Wait for the server to see the close (the binding goes with it, RFC 5626 §5.3).
    await vi.waitFor(() =>
      expect(cec.sip!.registrations().filter((r) => r.sipAccount === from!.sipAccount)).toHaveLength(0),
    );
    callee.send(okWithoutLength(invite, callee));
    const callId = header(invite, 'call-id');
    await vi.waitFor(() => {
      const outs = (cec.sim.journal.query({ kind: 'sip' }) as SipEntry[]).filter(
        (e) => e.callId === callId && e.direction === 'out' && e.firstLine.startsWith('SIP/2.0 200'),
      );
      expect(outs).toMatchObject([
        { transport: 'tcp', note: expect.stringContaining('not sent: connection closed') },
      ]);
    });
    await callee.close();
  });
});

describe('requests for a UDP binding (RFC 3261 §10.3, RFC 3581, RFC 5626)', () => {
  it('go to the Contact when the REGISTER did not ask for its flow', async () => {
    const [from, to] = agents;
    const caller = await tcpClient(port());
    const registrar = await udpClient(port());
    const phone = await udpClient(port());
    await registered(caller, from!, 'TCP');
    // Registered from one socket for a Contact on another (sipsak's way; any phone whose REGISTER leaves another port).
    await registered(registrar, to!, 'UDP', { contact: `sip:${to!.sipAccount}@127.0.0.1:${phone.port}` });
    const invite = await call(caller, from!, to!, phone);
    expect(invite.kind === 'request' && invite.uri).toBe(`sip:${to!.sipAccount}@127.0.0.1:${phone.port}`);
    await Promise.all([caller.close(), registrar.close(), phone.close()]);
  });

  it('go back over the flow when the REGISTER asked for it: rport, or RFC 5626 outbound', async () => {
    const [from, to, to2] = agents;
    const caller = await tcpClient(port());
    const behindNat = await udpClient(port());
    const outbound = await udpClient(port());
    // A private address on the phone's side of a NAT: never reachable from here.
    const elsewhere = '192.168.77.20:5060';
    await registered(caller, from!, 'TCP');
    await registered(behindNat, to!, 'UDP', {
      contact: `sip:${to!.sipAccount}@${elsewhere}`,
      viaParams: ';rport',
    });
    await registered(outbound, to2!, 'UDP', {
      contact: `<sip:${to2!.sipAccount}@${elsewhere};ob>;+sip.instance="<urn:uuid:00000000-0000-4000-8000-00000000000a>";reg-id=1`,
    });
    expect(statusOf(await call(caller, from!, to!, behindNat))).toBe('INVITE');
    expect(statusOf(await call(caller, from!, to2!, outbound))).toBe('INVITE');
    await Promise.all([caller.close(), behindNat.close(), outbound.close()]);
  });
});

describe('responses say where the request came from (RFC 3261 §18.2.1, RFC 3581 §4)', () => {
  it('fills an empty rport with the source port and adds received', async () => {
    const c = await udpClient(port());
    const ok = await registered(c, agents[3]!, 'UDP', { viaParams: ';rport' });
    expect(header(ok, 'via')).toMatch(
      new RegExp(
        `^SIP/2\\.0/UDP 127\\.0\\.0\\.1:${c.port};branch=z9hG4bKrl\\d+;rport=${c.port};received=127\\.0\\.0\\.1$`,
      ),
    );
    await c.close();
  });

  it('adds received when the sent-by is another address, and leaves a matching Via as it came', async () => {
    const c = await tcpClient(port());
    const via = (host: string) => `SIP/2.0/TCP ${host};branch=z9hG4bKopt${++n}`;
    const ask = (v: string) =>
      `OPTIONS sip:127.0.0.1 SIP/2.0\nVia: ${v}\nMax-Forwards: 70\nTo: <sip:127.0.0.1>\nFrom: <sip:probe@127.0.0.1>;tag=o${n}\nCall-ID: via-${n}\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n`;
    const natted = via('192.0.2.7:5060');
    c.send(ask(natted));
    expect(header(await c.next(), 'via')).toBe(`${natted};received=127.0.0.1`);
    const plain = via(`127.0.0.1:${c.port}`);
    c.send(ask(plain));
    expect(header(await c.next(), 'via')).toBe(plain);
    await c.close();
  });
});
