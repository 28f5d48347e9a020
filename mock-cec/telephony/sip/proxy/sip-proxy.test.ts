import { beforeEach, describe, expect, it } from 'vitest';
import { header, headerValues } from '../core/message.ts';
import { credentialsFor, type ProxyHarness, proxyHarness } from '../testing/proxy-harness.ts';

const alice = { username: '88000101', password: 'AlicePw1', workNo: 101 };
const bob = { username: '88000102', password: 'BobPw22', workNo: 102 };
const carol = { username: '88000201', password: 'CarolPw3', workNo: 201 };

let h: ProxyHarness;
beforeEach(() => {
  h = proxyHarness();
  h.addTenant('t1', [alice, bob], ['5550101']);
  h.addTenant('t2', [carol]);
  h.addFlow('w1', 'wss');
  h.addFlow('w2', 'wss');
  h.addFlow('u1', 'udp');
  h.addFlow('mem', 'mem', { internal: true });
});

let unique = 0;
function register(
  user: string,
  contact: string,
  o: { cseq?: number; auth?: string; expires?: number; via?: string } = {},
) {
  unique++;
  return [
    'REGISTER sip:127.0.0.1 SIP/2.0',
    `Via: ${o.via ?? `SIP/2.0/WSS ${user}.invalid;branch=z9hG4bKreg${o.cseq ?? 1}x${unique}`}`,
    'Max-Forwards: 70',
    `To: <sip:${user}@127.0.0.1>`,
    `From: <sip:${user}@127.0.0.1>;tag=r${user}`,
    `Call-ID: reg-${user}`,
    `CSeq: ${o.cseq ?? 1} REGISTER`,
    `Contact: <${contact}>;expires=${o.expires ?? 600}`,
    ...(o.auth ? [`Authorization: ${o.auth}`] : []),
    'Content-Length: 0',
    '',
    '',
  ].join('\n');
}

/** REGISTER, 401, REGISTER with credentials, 200. */
function registerOk(flowId: string, account: { username: string; password: string }, contact: string) {
  h.receive(flowId, register(account.username, contact));
  const challenge = h.drain(flowId).at(-1)!;
  const auth = credentialsFor(challenge.msg, account, 'REGISTER', 'sip:127.0.0.1');
  h.receive(flowId, register(account.username, contact, { cseq: 2, auth }));
  const ok = h.drain(flowId).at(-1)!;
  expect(ok.text).toMatch(/^SIP\/2\.0 200 OK\r\n/);
}

function invite(
  from: string,
  to: string,
  o: { cseq?: number; auth?: string; branch?: string; callId?: string } = {},
) {
  return [
    `INVITE sip:${to}@127.0.0.1 SIP/2.0`,
    `Via: SIP/2.0/WSS ${from}.invalid;branch=${o.branch ?? `z9hG4bKinv${o.cseq ?? 1}${o.callId ?? 'call-1'}`}`,
    'Max-Forwards: 70',
    `To: <sip:${to}@127.0.0.1>`,
    `From: "Caller" <sip:${from}@127.0.0.1>;tag=f${from}`,
    `Call-ID: ${o.callId ?? 'call-1'}`,
    `CSeq: ${o.cseq ?? 1} INVITE`,
    `Contact: <sip:${from}x@${from}.invalid;transport=ws>`,
    ...(o.auth ? [`Proxy-Authorization: ${o.auth}`] : []),
    'Content-Type: application/sdp',
    'Content-Length: 4',
    '',
    'v=0!',
  ].join('\n');
}

/** An INVITE through the 407 dance; returns what reached the callee's flow. */
function inviteOk(fromFlow: string, from: typeof alice, to: string, callId = 'call-1') {
  h.receive(fromFlow, invite(from.username, to, { callId }));
  const challenge = h.drain(fromFlow).at(-1)!;
  expect(challenge.msg.kind === 'response' && challenge.msg.status).toBe(407);
  const ackBranch = `z9hG4bKinv1${callId}`;
  h.receive(
    fromFlow,
    `ACK sip:${to}@127.0.0.1 SIP/2.0\nVia: SIP/2.0/WSS ${from.username}.invalid;branch=${ackBranch}\nMax-Forwards: 70\nTo: ${header(challenge.msg, 'to')}\nFrom: "Caller" <sip:${from.username}@127.0.0.1>;tag=f${from.username}\nCall-ID: ${callId}\nCSeq: 1 ACK\nContent-Length: 0\n\n`,
  );
  const auth = credentialsFor(challenge.msg, from, 'INVITE', `sip:${to}@127.0.0.1`);
  h.receive(fromFlow, invite(from.username, to, { cseq: 2, auth, callId }));
  return h.drain();
}

function respond(to: { text: string }, status: string, extra: string[] = []) {
  const req = to.text;
  const lines = req.split('\r\n');
  const pick = (name: string) => lines.filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return [
    `SIP/2.0 ${status}`,
    ...pick('Via'),
    ...pick('Record-Route'),
    ...pick('From'),
    ...pick('To').map((t) => (/tag=/.test(t) ? t : `${t};tag=callee`)),
    ...pick('Call-ID'),
    ...pick('CSeq'),
    ...extra,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

describe('registrar over the proxy', () => {
  it('challenges, then registers, answering with the exact Via the client sent', () => {
    h.receive('w1', register(alice.username, 'sip:a1@alice.invalid;transport=ws'));
    const [challenge] = h.drain('w1');
    expect(challenge!.text).toMatch(
      /^SIP\/2\.0 401 Unauthorized\r\nVia: SIP\/2\.0\/WSS 88000101\.invalid;branch=z9hG4bKreg1x\d+\r\n/,
    );
    expect(challenge!.text).toMatch(
      /\r\nWWW-Authenticate: Digest realm="mock-cec", nonce="[^"]+", algorithm=MD5, qop="auth"\r\n/,
    );
    expect(challenge!.text).toMatch(/\r\nTo: <sip:88000101@127\.0\.0\.1>;tag=mr\w+\r\n/);
    const auth = credentialsFor(challenge!.msg, alice, 'REGISTER', 'sip:127.0.0.1');
    h.receive('w1', register(alice.username, 'sip:a1@alice.invalid;transport=ws', { cseq: 2, auth }));
    const [ok] = h.drain('w1');
    expect(ok!.text).toContain('\r\nContact: <sip:a1@alice.invalid;transport=ws>;expires=600\r\n');
    expect(headerValues(ok!.msg, 'via')).toEqual([
      expect.stringMatching(/^SIP\/2\.0\/WSS 88000101\.invalid;branch=z9hG4bKreg2x\d+$/),
    ]);
    expect(h.changes.map((c) => c.event)).toEqual(['registered']);
  });

  it('answers an unknown account like a wrong password, and refuses credentials of another account', () => {
    h.receive('w1', register('99999999', 'sip:x@y.invalid'));
    const unknown = h.drain('w1')[0]!;
    const auth = credentialsFor(
      unknown.msg,
      { username: '99999999', password: 'x' },
      'REGISTER',
      'sip:127.0.0.1',
    );
    h.receive('w1', register('99999999', 'sip:x@y.invalid', { cseq: 2, auth }));
    const wrongUser = h.drain('w1')[0]!;
    h.receive(
      'w1',
      register(alice.username, 'sip:x@y.invalid', {
        cseq: 3,
        auth: credentialsFor(unknown.msg, { ...alice, password: 'bad' }, 'REGISTER', 'sip:127.0.0.1'),
      }),
    );
    const wrongPw = h.drain('w1')[0]!;
    const shape = (t: string) =>
      t
        .replace(/nonce="[^"]+"/, '')
        .replace(/tag=\w+/g, '')
        .replace(/\d+(?= REGISTER)/, '')
        .replace(/88000101|99999999/g, 'U')
        .replace(/branch=\w+/, '');
    expect(wrongUser.msg.kind === 'response' && wrongUser.msg.status).toBe(401);
    expect(shape(wrongUser.text)).toBe(shape(wrongPw.text));
    h.receive(
      'w1',
      register(bob.username, 'sip:x@y.invalid', {
        cseq: 4,
        auth: credentialsFor(unknown.msg, alice, 'REGISTER', 'sip:127.0.0.1'),
      }),
    );
    expect(h.drain('w1')[0]!.text).toMatch(/^SIP\/2\.0 403 /);
  });

  it('answers a REGISTER sent again over UDP again, statelessly, and refuses other reuses of its credentials', () => {
    const udp = (branch: string, o: { cseq?: number; auth?: string } = {}) =>
      register(alice.username, 'sip:a@192.0.2.1:5060', {
        ...o,
        via: `SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK${branch}`,
      });
    h.receive('u1', udp('one'));
    h.receive('u1', udp('one'));
    const [c1, c2] = h.drain('u1');
    // A fresh challenge each time, under the same To tag (RFC 3261 §8.2.7).
    expect(header(c2!.msg, 'to')).toBe(header(c1!.msg, 'to'));
    expect(header(c2!.msg, 'www-authenticate')).not.toBe(header(c1!.msg, 'www-authenticate'));
    const auth = credentialsFor(c1!.msg, alice, 'REGISTER', 'sip:127.0.0.1');
    h.receive('u1', udp('two', { cseq: 2, auth }));
    h.receive('u1', udp('two', { cseq: 2, auth }));
    const [ok1, ok2] = h.drain('u1');
    expect(ok1!.text).toMatch(/^SIP\/2\.0 200 OK\r\n/);
    expect(ok2!.text).toBe(ok1!.text);
    expect(ok2!.note).toBe('sent again');
    expect(h.changes.map((c) => c.event)).toEqual(['registered']);
    expect(h.proxy.transactionCount).toBe(0);
    // The same nonce-count on another request (a later CSeq) is a replay.
    h.receive('u1', udp('three', { cseq: 3, auth }));
    const [replay] = h.drain('u1');
    expect(replay!.text).toMatch(/^SIP\/2\.0 401 Unauthorized\r\n/);
    expect(replay!.note).toBe('replay');
  });

  it('tags each REGISTER with a To tag of its own, the same for its retransmission (RFC 3261 §8.2.6.2)', () => {
    const udp = (branch: string, cseq: number) =>
      register(alice.username, 'sip:a@192.0.2.1:5060', {
        cseq,
        via: `SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK${branch}`,
      });
    h.receive('u1', udp('one', 1));
    h.receive('u1', udp('one', 1));
    h.receive('u1', udp('two', 2));
    const tags = h.drain('u1').map((s) => /;tag=([^;]+)$/.exec(header(s.msg, 'to')!)?.[1]);
    expect(tags[1]).toBe(tags[0]);
    expect(tags[2]).not.toBe(tags[0]);
    expect(tags[2]).toMatch(/^mr\w+$/);
  });

  it('answers 423 with Min-Expires to a too short registration', () => {
    h.receive('w1', register(alice.username, 'sip:a@alice.invalid'));
    const auth = credentialsFor(h.drain('w1')[0]!.msg, alice, 'REGISTER', 'sip:127.0.0.1');
    h.receive('w1', register(alice.username, 'sip:a@alice.invalid', { cseq: 2, auth, expires: 5 }));
    expect(h.drain('w1')[0]!.text).toMatch(
      /^SIP\/2\.0 423 Interval Too Brief\r\n[\s\S]*\r\nMin-Expires: 60\r\n/,
    );
  });
});

describe('calls through the proxy', () => {
  beforeEach(() => {
    registerOk('w2', bob, 'sip:b1@bob.invalid;transport=ws');
    h.drain();
  });

  it('proxies an authenticated INVITE to the callee flow with our Via and Record-Route', () => {
    const out = inviteOk('w1', alice, bob.username);
    const toCaller = out.filter((s) => s.flowId === 'w1');
    expect(toCaller.map((s) => s.text.split('\r\n')[0])).toEqual(['SIP/2.0 100 Trying']);
    const [fwd] = out.filter((s) => s.flowId === 'w2');
    expect(fwd!.text.split('\r\n')[0]).toBe('INVITE sip:b1@bob.invalid;transport=ws SIP/2.0');
    expect(headerValues(fwd!.msg, 'via')).toEqual([
      expect.stringMatching(/^SIP\/2\.0\/WSS 127\.0\.0\.1:8043;branch=z9hG4bK-mcT\w+$/),
      'SIP/2.0/WSS 88000101.invalid;branch=z9hG4bKinv2call-1',
    ]);
    expect(headerValues(fwd!.msg, 'record-route')).toEqual([
      '<sip:127.0.0.1:8043;transport=ws;lr;mcf=w1~w2>',
    ]);
    expect(header(fwd!.msg, 'max-forwards')).toBe('69');
    expect(fwd!.msg.body.toString()).toBe('v=0!');
    // Everything the caller wrote is still there, byte for byte.
    expect(fwd!.text).toContain('\r\nFrom: "Caller" <sip:88000101@127.0.0.1>;tag=f88000101\r\n');
    // Except the credentials the proxy consumed (RFC 3261 §22.3): the callee has no business with them.
    expect(headerValues(fwd!.msg, 'proxy-authorization')).toEqual([]);
  });

  it('relays 180 and 200 back with the caller Via alone, then routes ACK and BYE by the recorded flows', () => {
    const fwd = inviteOk('w1', alice, bob.username).find((s) => s.flowId === 'w2')!;
    h.receive('w2', respond(fwd, '180 Ringing', ['Contact: <sip:b1@bob.invalid;transport=ws>']));
    h.receive('w2', respond(fwd, '200 OK', ['Contact: <sip:b1@bob.invalid;transport=ws>']));
    const back = h.drain('w1');
    expect(back.map((s) => s.text.split('\r\n')[0])).toEqual(['SIP/2.0 180 Ringing', 'SIP/2.0 200 OK']);
    for (const s of back)
      expect(headerValues(s.msg, 'via')).toEqual(['SIP/2.0/WSS 88000101.invalid;branch=z9hG4bKinv2call-1']);
    expect(header(back[1]!.msg, 'record-route')).toBe('<sip:127.0.0.1:8043;transport=ws;lr;mcf=w1~w2>');

    const inDialog = (method: string, from: string, seq: number, branch: string) =>
      [
        `${method} sip:b1@bob.invalid;transport=ws SIP/2.0`,
        `Via: SIP/2.0/WSS ${from}.invalid;branch=${branch}`,
        'Max-Forwards: 70',
        'Route: <sip:127.0.0.1:8043;transport=ws;lr;mcf=w1~w2>',
        `To: <sip:${bob.username}@127.0.0.1>;tag=callee`,
        `From: "Caller" <sip:${alice.username}@127.0.0.1>;tag=f${alice.username}`,
        'Call-ID: call-1',
        `CSeq: ${seq} ${method}`,
        'Content-Length: 0',
        '',
        '',
      ].join('\n');
    h.receive('w1', inDialog('ACK', alice.username, 2, 'z9hG4bKack2'));
    const [ack] = h.drain('w2');
    expect(ack!.text.split('\r\n')[0]).toBe('ACK sip:b1@bob.invalid;transport=ws SIP/2.0');
    expect(headerValues(ack!.msg, 'route')).toEqual([]);
    h.receive('w1', inDialog('BYE', alice.username, 3, 'z9hG4bKbye3'));
    const [bye] = h.drain('w2');
    expect(bye!.text.split('\r\n')[0]).toBe('BYE sip:b1@bob.invalid;transport=ws SIP/2.0');
    h.receive('w2', respond(bye!, '200 OK'));
    expect(h.drain('w1').map((s) => s.text.split('\r\n')[0])).toEqual(['SIP/2.0 200 OK']);
  });

  it('matches CANCEL to its INVITE: 200 to the CANCEL, CANCEL downstream, 487 relayed and ACKed', () => {
    const fwd = inviteOk('w1', alice, bob.username).find((s) => s.flowId === 'w2')!;
    h.receive('w2', respond(fwd, '180 Ringing'));
    h.drain();
    h.receive(
      'w1',
      `CANCEL sip:${bob.username}@127.0.0.1 SIP/2.0\nVia: SIP/2.0/WSS 88000101.invalid;branch=z9hG4bKinv2call-1\nMax-Forwards: 70\nTo: <sip:${bob.username}@127.0.0.1>\nFrom: "Caller" <sip:88000101@127.0.0.1>;tag=f88000101\nCall-ID: call-1\nCSeq: 2 CANCEL\nContent-Length: 0\n\n`,
    );
    const afterCancel = h.drain();
    expect(afterCancel.map((s) => `${s.flowId} ${s.text.split('\r\n')[0]}`)).toEqual([
      'w1 SIP/2.0 200 OK',
      'w2 CANCEL sip:b1@bob.invalid;transport=ws SIP/2.0',
    ]);
    expect(headerValues(afterCancel[1]!.msg, 'via')[0]).toBe(headerValues(fwd.msg, 'via')[0]);
    h.receive('w2', respond(fwd, '487 Request Terminated'));
    expect(h.drain().map((s) => `${s.flowId} ${s.text.split('\r\n')[0]}`)).toEqual([
      'w2 ACK sip:b1@bob.invalid;transport=ws SIP/2.0',
      'w1 SIP/2.0 487 Request Terminated',
    ]);
  });

  it('holds a CANCEL until the callee has answered provisionally (RFC 3261 §9.1)', () => {
    const fwd = inviteOk('w1', alice, bob.username).find((s) => s.flowId === 'w2')!;
    h.receive(
      'w1',
      `CANCEL sip:${bob.username}@127.0.0.1 SIP/2.0\nVia: SIP/2.0/WSS 88000101.invalid;branch=z9hG4bKinv2call-1\nMax-Forwards: 70\nTo: <sip:${bob.username}@127.0.0.1>\nFrom: <sip:88000101@127.0.0.1>;tag=f88000101\nCall-ID: call-1\nCSeq: 2 CANCEL\nContent-Length: 0\n\n`,
    );
    expect(h.drain('w2')).toEqual([]);
    h.receive('w2', respond(fwd, '100 Trying'));
    expect(h.drain('w2').map((s) => s.text.split('\r\n')[0])).toEqual([
      'CANCEL sip:b1@bob.invalid;transport=ws SIP/2.0',
    ]);
  });

  it('answers 404 for unknown numbers, 480 for unregistered agents, 404 across tenants', () => {
    for (const [to, status] of [
      ['77777777', '404'],
      [alice.username, '480'],
      [carol.username, '404'],
    ] as const) {
      const out = inviteOk('w2', bob, to, `c-${to}`).filter((s) => s.flowId === 'w2');
      expect(out.map((s) => s.text.split(' ')[1])).toEqual(['100', status]);
    }
  });

  it('sends calls to a customer number to the simulated customer, unchanged', () => {
    const out = inviteOk('w2', bob, '5550101');
    const [toCustomer] = out.filter((s) => s.flowId === 'mem');
    expect(toCustomer!.text.split('\r\n')[0]).toBe('INVITE sip:5550101@127.0.0.1 SIP/2.0');
    // Different faces (WSS and the in-memory link): two Record-Routes (RFC 5658).
    expect(headerValues(toCustomer!.msg, 'record-route')).toEqual([
      '<sip:127.0.0.1:8043;lr;mcf=w2~mem>',
      '<sip:127.0.0.1:8043;transport=ws;lr;mcf=w2~mem>',
    ]);
  });

  it('forks to every contact, and cancels the others when one answers', () => {
    registerOk('w1', bob, 'sip:b2@bob2.invalid;transport=ws');
    h.addFlow('w3', 'wss');
    h.drain();
    const out = inviteOk('w3', alice, bob.username);
    const branches = out.filter((s) => s.msg.kind === 'request' && s.msg.method === 'INVITE');
    expect(branches.map((s) => s.flowId).sort()).toEqual(['w1', 'w2']);
    for (const b of branches) h.receive(b.flowId, respond(b, '180 Ringing'));
    h.drain();
    h.receive('w2', respond(branches.find((b) => b.flowId === 'w2')!, '200 OK'));
    expect(h.drain().map((s) => `${s.flowId} ${s.text.split('\r\n')[0]}`)).toEqual([
      'w3 SIP/2.0 200 OK',
      'w1 CANCEL sip:b2@bob2.invalid;transport=ws SIP/2.0',
    ]);
  });

  it('keeps only what retransmissions need once a call is answered and every branch is done', () => {
    registerOk('w1', bob, 'sip:b2@bob2.invalid;transport=ws');
    h.addFlow('w3', 'wss');
    h.drain();
    const branches = inviteOk('w3', alice, bob.username).filter(
      (s) => s.msg.kind === 'request' && s.msg.method === 'INVITE',
    );
    const [b1, b2] = ['w1', 'w2'].map((id) => branches.find((b) => b.flowId === id)!);
    for (const b of [b1!, b2!]) h.receive(b.flowId, respond(b, '180 Ringing'));
    h.receive('w2', respond(b2!, '200 OK'));
    h.drain();
    const lines = () => h.drain().map((s) => `${s.flowId} ${s.text.split('\r\n')[0]}`);
    // The cancelled branch's 487 is ACKed; with it every branch is done.
    expect(h.receive('w1', respond(b1!, '487 Request Terminated'))).toBeUndefined();
    expect(lines()).toEqual(['w1 ACK sip:b2@bob2.invalid;transport=ws SIP/2.0']);
    // The callee's 200, sent again, still goes upstream (RFC 3261 §16.7 step 5); the 487 again is absorbed.
    expect(h.receive('w2', respond(b2!, '200 OK'))).toBeUndefined();
    expect(lines()).toEqual(['w3 SIP/2.0 200 OK']);
    expect(h.receive('w1', respond(b1!, '487 Request Terminated'))).toBe('retransmission absorbed');
    // The INVITE sent again is absorbed (RFC 6026); a CANCEL now has nothing to cancel: 200.
    expect(h.receive('w3', invite(alice.username, bob.username, { cseq: 2 }))).toBe(
      'retransmission absorbed',
    );
    expect(lines()).toEqual([]);
    expect(
      h.receive(
        'w3',
        `CANCEL sip:${bob.username}@127.0.0.1 SIP/2.0\nVia: SIP/2.0/WSS 88000101.invalid;branch=z9hG4bKinv2call-1\nMax-Forwards: 70\nTo: <sip:${bob.username}@127.0.0.1>\nFrom: <sip:88000101@127.0.0.1>;tag=f88000101\nCall-ID: call-1\nCSeq: 2 CANCEL\nContent-Length: 0\n\n`,
      ),
    ).toBe('CANCEL after the final response');
    expect(lines()).toEqual(['w3 SIP/2.0 200 OK']);
  });

  it('sends the best of the final responses when no branch answers', () => {
    registerOk('w1', bob, 'sip:b2@bob2.invalid;transport=ws');
    h.addFlow('w3', 'wss');
    h.drain();
    const branches = inviteOk('w3', alice, bob.username).filter(
      (s) => s.msg.kind === 'request' && s.msg.method === 'INVITE',
    );
    h.receive('w1', respond(branches.find((b) => b.flowId === 'w1')!, '503 Service Unavailable'));
    expect(h.drain('w3')).toEqual([]);
    h.receive('w2', respond(branches.find((b) => b.flowId === 'w2')!, '486 Busy Here'));
    expect(h.drain('w3').map((s) => s.text.split('\r\n')[0])).toEqual(['SIP/2.0 486 Busy Here']);
  });

  it('drops the bindings of a closed flow and fails what was ringing on it', () => {
    inviteOk('w1', alice, bob.username);
    h.proxy.flowClosed('w2');
    h.flows.delete('w2');
    expect(h.drain('w1').map((s) => s.text.split('\r\n')[0])).toEqual(['SIP/2.0 500 Server Internal Error']);
    expect(h.changes.at(-1)?.event).toBe('flow-closed');
    const again = inviteOk('w1', alice, bob.username, 'call-2').filter((s) => s.flowId === 'w1');
    expect(again.at(-1)!.text).toMatch(/^SIP\/2\.0 480 /);
  });
});

describe('UDP and timers', () => {
  it('retransmits an INVITE over UDP until a provisional, and times out with 408', () => {
    registerOk('u1', bob, 'sip:bob@192.0.2.7:5062');
    h.drain();
    inviteOk('w1', alice, bob.username);
    h.advance(500);
    h.advance(1000);
    expect(h.drain('u1').map((s) => s.note)).toEqual(['retransmission', 'retransmission']);
    h.advance(32_000);
    expect(h.drain('w1').map((s) => s.text.split('\r\n')[0])).toEqual(['SIP/2.0 408 Request Timeout']);
  });

  it('keeps a finished UDP transaction for 64·T1 only, and none over a reliable transport', () => {
    const options = (via: string) =>
      `OPTIONS sip:127.0.0.1 SIP/2.0\nVia: ${via}\nMax-Forwards: 70\nTo: <sip:127.0.0.1>\nFrom: <sip:a@192.0.2.1>;tag=o\nCall-ID: opt\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n`;
    h.receive('w1', options('SIP/2.0/WSS a.invalid;branch=z9hG4bKws'));
    expect(h.proxy.transactionCount).toBe(0);
    h.receive('u1', options('SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKkeep'));
    expect(h.proxy.transactionCount).toBe(1);
    h.advance(30_000);
    expect(h.proxy.transactionCount).toBe(1);
    h.advance(5_000);
    expect(h.proxy.transactionCount).toBe(0);
  });
});

describe('bad and odd requests', () => {
  it('answers 400 with a Warning when the sender can be reached, and drops what cannot be answered', () => {
    expect(
      h.receive(
        'u1',
        'OPTIONS sip:a@b SIP/2.0\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKx\nFrom: <sip:a@b>;tag=1\nTo: <sip:a@b>\nCall-ID: x\nCSeq: 1 INVITE\n\n',
      ),
    ).toMatch(/^answered 400/);
    expect(h.drain('u1')[0]!.text).toMatch(
      /^SIP\/2\.0 400 Bad Request\r\n[\s\S]*\r\nWarning: 399 mock-cec "CSeq method INVITE is not OPTIONS"\r\n/,
    );
    expect(h.receive('u1', 'OPTIONS sip:a@b SIP/2.0\nFrom: <sip:a@b>;tag=1\nCall-ID: x\n\n')).toMatch(
      /^dropped/,
    );
    expect(h.drain()).toEqual([]);
  });

  it('answers 483 when Max-Forwards is spent, 420 to an unknown Proxy-Require, 200 to OPTIONS for the server', () => {
    const opts = (extra: string, uri = 'sip:88000102@127.0.0.1') =>
      `OPTIONS ${uri} SIP/2.0\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK${Math.abs(extra.length)}${uri.length}\nFrom: <sip:x@y>;tag=1\nTo: <sip:y@z>\nCall-ID: o\nCSeq: 1 OPTIONS\n${extra}Content-Length: 0\n\n`;
    h.receive(
      'u1',
      `MESSAGE sip:88000102@127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKmf\nMax-Forwards: 0\nFrom: <sip:x@y>;tag=1\nTo: <sip:y@z>\nCall-ID: m\nCSeq: 1 MESSAGE\nContent-Length: 0\n\n`,
    );
    h.receive('u1', opts('Proxy-Require: foo\n'));
    h.receive('u1', opts('', 'sip:127.0.0.1'));
    const out = h.drain('u1');
    expect(out.map((s) => s.text.split('\r\n')[0])).toEqual([
      'SIP/2.0 483 Too Many Hops',
      'SIP/2.0 420 Bad Extension',
      'SIP/2.0 200 OK',
    ]);
    // It promises only what works end to end (the simulated customer refuses REFER, UPDATE…: 405),
    // and says it needs no extension.
    expect(headerValues(out[2]!.msg, 'allow').join(', ')).toBe(
      'INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, INFO',
    );
    expect(out[2]!.text).toContain('\r\nSupported: \r\n');
  });
});
