import { beforeEach, describe, expect, it } from 'vitest';
import { GuessGuard } from '../auth/guess-guard.ts';
import { credentialsFor, type ProxyHarness, proxyHarness } from '../testing/proxy-harness.ts';

/**
 * Digest guessing (issue 14 item 7): 2,000 wrong passwords from one source,
 * then the right one, must not register within the block; the journal says
 * when the guard acts; other accounts keep registering.
 */
const alice = { username: '88000101', password: 'AlicePw1', workNo: 101 };
const bob = { username: '88000102', password: 'BobPw22', workNo: 102 };

let h: ProxyHarness;
beforeEach(() => {
  h = proxyHarness({ guard: new GuessGuard() });
  h.addTenant('t1', [alice, bob]);
  h.addFlow('u1', 'udp'); // the attacker
  const other = h.addFlow('u2', 'udp');
  h.flows.set('u2', { ...other, remote: '198.51.100.7:5060' }); // another address
});

let n = 0;
function register(user: string, auth?: string) {
  n++;
  return [
    'REGISTER sip:127.0.0.1 SIP/2.0',
    `Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKg${n}`,
    'Max-Forwards: 70',
    `To: <sip:${user}@127.0.0.1>`,
    `From: <sip:${user}@127.0.0.1>;tag=g${user}`,
    `Call-ID: guess-${user}-${n}`,
    `CSeq: ${n} REGISTER`,
    `Contact: <sip:${user}@192.0.2.1:5060>;expires=600`,
    ...(auth ? [`Authorization: ${auth}`] : []),
    'Content-Length: 0',
    '',
    '',
  ].join('\n');
}

/** One REGISTER with a fresh challenge answered with `password`: the final status and the journal note. */
function attempt(flowId: string, account: { username: string }, password: string) {
  h.receive(flowId, register(account.username));
  const challenge = h.drain(flowId).at(-1)!;
  if (!challenge.text.startsWith('SIP/2.0 401'))
    return { status: challenge.text.slice(8, 11), note: challenge.note };
  const auth = credentialsFor(
    challenge.msg,
    { username: account.username, password },
    'REGISTER',
    'sip:127.0.0.1',
  );
  h.receive(flowId, register(account.username, auth));
  const answer = h.drain(flowId).at(-1)!;
  return { status: answer.text.slice(8, 11), note: answer.note };
}

describe('password guessing over REGISTER', () => {
  it('2,000 wrong passwords, then the right one: no 200 within the block, and the journal says why', () => {
    const notes: (string | undefined)[] = [];
    const statuses = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const a = attempt('u1', alice, `guess${i}`);
      statuses.add(a.status);
      notes.push(a.note);
    }
    expect(statuses).toEqual(new Set(['401', '403']));
    expect(notes).toContain(
      'password guessing: 10 failed digests from 192.0.2.1 for 88000101; refused for 30 s',
    );
    expect(notes.at(-1)).toMatch(/^password guessing: 192\.0\.2\.1 refused for 88000101 for \d+ s more$/);
    expect(attempt('u1', alice, alice.password).status).toBe('403');
    // Other accounts from the same source, and the same account from elsewhere, still register.
    expect(attempt('u1', bob, bob.password).status).toBe('200');
    expect(attempt('u2', alice, alice.password).status).toBe('200');
  });

  it('answers an unknown account exactly as a known one, blocks included', () => {
    const known = Array.from({ length: 12 }, (_, i) => attempt('u1', alice, `x${i}`).status);
    const unknown = Array.from(
      { length: 12 },
      (_, i) => attempt('u1', { username: '88009999' }, `x${i}`).status,
    );
    expect(unknown).toEqual(known);
    expect(known.at(-1)).toBe('403');
  });

  it('lets the right password through once the block has passed', () => {
    for (let i = 0; i < 10; i++) attempt('u1', alice, `guess${i}`);
    expect(attempt('u1', alice, alice.password).status).toBe('403');
    h.advance(30_001);
    expect(attempt('u1', alice, alice.password).status).toBe('200');
  });
});

describe('password guessing over INVITE (proxy authentication)', () => {
  function invite(from: string, auth?: string) {
    n++;
    return [
      'INVITE sip:88000102@127.0.0.1 SIP/2.0',
      `Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKi${n}`,
      'Max-Forwards: 70',
      `To: <sip:88000102@127.0.0.1>`,
      `From: <sip:${from}@127.0.0.1>;tag=i${n}`,
      `Call-ID: inv-${n}`,
      `CSeq: 1 INVITE`,
      `Contact: <sip:${from}@192.0.2.1:5060>`,
      ...(auth ? [`Proxy-Authorization: ${auth}`] : []),
      'Content-Length: 0',
      '',
      '',
    ].join('\n');
  }

  it('refuses the caller’s address with 403 after 10 wrong digests, and says so in the journal', () => {
    const statuses: string[] = [];
    let note: string | undefined;
    for (let i = 0; i < 12; i++) {
      h.receive('u1', invite(alice.username));
      const challenge = h.drain('u1').find((s) => !s.text.startsWith('SIP/2.0 100'))!;
      if (!challenge.text.startsWith('SIP/2.0 407')) {
        statuses.push(challenge.text.slice(8, 11));
        continue;
      }
      const auth = credentialsFor(
        challenge.msg,
        { ...alice, password: `no${i}` },
        'INVITE',
        'sip:88000102@127.0.0.1',
      );
      h.receive('u1', invite(alice.username, auth));
      const answer = h
        .drain('u1')
        .find((s) => !s.text.startsWith('SIP/2.0 100') && !s.text.startsWith('ACK'))!;
      statuses.push(answer.text.slice(8, 11));
      note = answer.note ?? note;
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill('407'));
    expect(statuses.slice(10)).toEqual(['403', '403']);
    expect(note).toBe('password guessing: 10 failed digests from 192.0.2.1 for 88000101; refused for 30 s');
  });
});
