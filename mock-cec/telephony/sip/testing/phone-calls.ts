import { expect } from 'vitest';
import type { Agent } from '../../../infrastructure/config/tenant-schema.ts';
import { header, type SipMessage } from '../core/message.ts';
import { answerChallenge, readChallenge } from './digest-client.ts';
import { statusOf, type TestClient } from './socket-clients.ts';

/**
 * A desktop phone's steps over the test socket clients, for tests of where
 * messages go: a digest REGISTER (with the Contact and Via parameters a test
 * chooses), and a call from one agent's phone to another's through the
 * proxy's 407, returning the INVITE as the callee got it.
 */
let n = 0;

export async function registered(
  c: TestClient,
  a: Agent,
  transport: 'UDP' | 'TCP',
  o: { contact?: string; viaParams?: string } = {},
): Promise<SipMessage> {
  const contact =
    o.contact ?? `sip:${a.sipAccount}@127.0.0.1:${c.port}${transport === 'TCP' ? ';transport=tcp' : ''}`;
  const reg = (cseq: number, auth?: string) =>
    [
      'REGISTER sip:127.0.0.1 SIP/2.0',
      `Via: SIP/2.0/${transport} 127.0.0.1:${c.port};branch=z9hG4bKrl${++n}${o.viaParams ?? ''}`,
      `To: <sip:${a.sipAccount}@127.0.0.1>`,
      `From: <sip:${a.sipAccount}@127.0.0.1>;tag=r${n}`,
      `Call-ID: flows-reg-${a.sipAccount}-${c.port}`,
      `CSeq: ${cseq} REGISTER`,
      `Contact: ${contact.startsWith('<') ? contact : `<${contact}>`}`,
      ...(auth ? [`Authorization: ${auth}`] : []),
      'Content-Length: 0',
      '',
      '',
    ].join('\n');
  c.send(reg(1));
  const challenge = await c.next();
  const auth = answerChallenge(readChallenge(header(challenge, 'www-authenticate')!), {
    username: a.sipAccount,
    password: a.sipPwd,
    method: 'REGISTER',
    uri: 'sip:127.0.0.1',
  });
  c.send(reg(2, auth));
  const ok = await c.next();
  expect(statusOf(ok)).toBe(200);
  return ok;
}

/** Caller over TCP invites the callee's number; returns the INVITE as the callee got it over UDP. */
export async function call(
  caller: TestClient,
  from: Agent,
  to: Agent,
  callee: TestClient,
): Promise<SipMessage> {
  const callId = `relay-call-${++n}`;
  const invite = (cseq: number, auth?: string) =>
    [
      `INVITE sip:${to.sipAccount}@127.0.0.1 SIP/2.0`,
      `Via: SIP/2.0/TCP 127.0.0.1:${caller.port};branch=z9hG4bKrc${n}-${cseq}`,
      'Max-Forwards: 70',
      `To: <sip:${to.sipAccount}@127.0.0.1>`,
      `From: <sip:${from.sipAccount}@127.0.0.1>;tag=c${n}`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} INVITE`,
      `Contact: <sip:${from.sipAccount}@127.0.0.1:${caller.port};transport=tcp>`,
      ...(auth ? [`Proxy-Authorization: ${auth}`] : []),
      'Content-Length: 0',
      '',
      '',
    ].join('\n');
  caller.send(invite(1));
  expect(statusOf(await caller.next())).toBe(100);
  const challenge = await caller.next();
  expect(statusOf(challenge)).toBe(407);
  caller.send(
    `ACK sip:${to.sipAccount}@127.0.0.1 SIP/2.0\nVia: SIP/2.0/TCP 127.0.0.1:${caller.port};branch=z9hG4bKrc${n}-1\nMax-Forwards: 70\n${`To: ${header(challenge, 'to')}`}\nFrom: <sip:${from.sipAccount}@127.0.0.1>;tag=c${n}\nCall-ID: ${callId}\nCSeq: 1 ACK\nContent-Length: 0\n\n`,
  );
  const auth = answerChallenge(readChallenge(header(challenge, 'proxy-authenticate')!), {
    username: from.sipAccount,
    password: from.sipPwd,
    method: 'INVITE',
    uri: `sip:${to.sipAccount}@127.0.0.1`,
  });
  caller.send(invite(2, auth));
  expect(statusOf(await caller.next())).toBe(100);
  const got = await callee.next();
  expect(statusOf(got)).toBe('INVITE');
  return got;
}
