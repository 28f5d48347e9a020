import { beforeEach, describe, expect, it } from 'vitest';
import { header } from '../core/message.ts';
import { credentialsFor, type ProxyHarness, proxyHarness } from '../testing/proxy-harness.ts';

/** The proxy while overloaded: new work refused with 503, work under way finished. */
const alice = { username: '88000101', password: 'AlicePw1', workNo: 101 };

let h: ProxyHarness;
beforeEach(() => {
  h = proxyHarness();
  h.addTenant('t1', [alice]);
  h.addFlow('u1', 'udp');
});

const register = (branch: string, cseq: number, auth?: string) =>
  [
    'REGISTER sip:127.0.0.1 SIP/2.0',
    `Via: SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bK${branch}`,
    'Max-Forwards: 70',
    `To: <sip:${alice.username}@127.0.0.1>`,
    `From: <sip:${alice.username}@127.0.0.1>;tag=a`,
    'Call-ID: reg-a',
    `CSeq: ${cseq} REGISTER`,
    'Contact: <sip:a@192.0.2.1:5062>',
    ...(auth ? [`Authorization: ${auth}`] : []),
    'Content-Length: 0',
    '',
    '',
  ].join('\n');

describe('shedding load', () => {
  it('answers a new REGISTER without credentials 503 with Retry-After, at once and without a transaction', () => {
    h.load.shedding = true;
    expect(h.receive('u1', register('new1', 1))).toBe('shed: overloaded');
    const [refusal] = h.drain('u1');
    expect(refusal!.text).toMatch(/^SIP\/2\.0 503 Service Unavailable\r\n/);
    expect(header(refusal!.msg, 'retry-after')).toBe('1');
    expect(header(refusal!.msg, 'to')).toMatch(/;tag=/);
    expect(refusal!.note).toBe('overloaded');
    expect(h.proxy.transactionCount).toBe(0);
  });

  it('finishes a registration already challenged, and a REGISTER sent again with its credentials', () => {
    h.receive('u1', register('first', 1));
    const challenge = h.drain('u1')[0]!;
    h.load.shedding = true;
    const auth = credentialsFor(challenge.msg, alice, 'REGISTER', 'sip:127.0.0.1');
    h.receive('u1', register('second', 2, auth));
    h.receive('u1', register('second', 2, auth));
    expect(h.drain('u1').map((s) => [s.text.split('\r\n')[0], s.note])).toEqual([
      ['SIP/2.0 200 OK', undefined],
      ['SIP/2.0 200 OK', 'sent again'],
    ]);
  });

  it('takes new work again once the load is back to normal', () => {
    h.load.shedding = true;
    h.receive('u1', register('a', 1));
    h.load.shedding = false;
    h.receive('u1', register('b', 1));
    expect(h.drain('u1').map((s) => s.text.split('\r\n')[0])).toEqual([
      'SIP/2.0 503 Service Unavailable',
      'SIP/2.0 401 Unauthorized',
    ]);
  });
});
