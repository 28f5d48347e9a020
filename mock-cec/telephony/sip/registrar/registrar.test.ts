import { describe, expect, it } from 'vitest';
import { createRequest } from '../core/build-message.ts';
import type { FlowRef } from './binding.ts';
import { readRegister } from './register-request.ts';
import { Registrar } from './registrar.ts';

const ws1: FlowRef = { id: 'w1', transport: 'wss' };
const ws2: FlowRef = { id: 'w2', transport: 'wss' };
const udp: FlowRef = { id: 'u1', transport: 'udp' };

function ask(contacts: string[], expires?: number) {
  const req = createRequest({
    method: 'REGISTER',
    uri: 'sip:127.0.0.1',
    headers: [
      ['Via', 'SIP/2.0/WSS x.invalid;branch=z9hG4bK1'],
      ['To', '<sip:88000101@127.0.0.1>'],
      ['From', '<sip:88000101@127.0.0.1>;tag=1'],
      ['Call-ID', 'c1'],
      ['CSeq', '1 REGISTER'],
      ...contacts.map((c) => ['Contact', c] as [string, string]),
      ...(expires !== undefined ? [['Expires', String(expires)] as [string, string]] : []),
    ],
  });
  const r = readRegister(req);
  if (!r.ok) throw new Error(r.reason);
  return r.ask;
}

const sipjs =
  '<sip:k2j3h4@abc.invalid;transport=ws>;+sip.ice;reg-id=1;+sip.instance="<urn:uuid:f81d4fae>";expires=600';
const ctx = (cseq: number, flow: FlowRef = ws1, callId = 'c1') => ({ callId, cseq, flow });

describe('Registrar', () => {
  it('binds a SIP.js contact with its instance, and finds it by account and by URI', () => {
    const reg = new Registrar();
    const out = reg.register(ask([sipjs]), ctx(1), 0);
    expect(out).toMatchObject({ ok: true, changes: [{ event: 'registered' }] });
    expect(reg.lookup('88000101', 0)).toMatchObject([
      {
        uri: 'sip:k2j3h4@abc.invalid;transport=ws',
        instance: '"<urn:uuid:f81d4fae>"',
        regId: '1',
        expiresAt: 600_000,
        flow: ws1,
      },
    ]);
    expect(reg.byUriKey('sip:k2j3h4@abc.invalid', 1)?.aor).toBe('88000101');
  });

  it('refreshes on the same instance even over a new connection, and keeps registeredAt', () => {
    const reg = new Registrar();
    reg.register(ask([sipjs]), ctx(1), 0);
    const out = reg.register(ask([sipjs]), ctx(2, ws2), 5000);
    expect(out.ok && out.changes.map((c) => c.event)).toEqual(['refreshed']);
    expect(reg.lookup('88000101', 5000)).toMatchObject([{ registeredAt: 0, expiresAt: 605_000, flow: ws2 }]);
    expect(reg.dropFlow('w1')).toEqual([]);
    expect(reg.size).toBe(1);
  });

  it('moves a refreshed instance to its new contact URI, and drops it with its connection', () => {
    const reg = new Registrar();
    reg.register(ask([sipjs]), ctx(1), 0);
    const moved = sipjs.replace('k2j3h4@abc', 'zz9@def');
    reg.register(ask([moved]), ctx(2), 1000);
    expect(reg.byUriKey('sip:k2j3h4@abc.invalid', 1000)).toBeUndefined();
    expect(reg.byUriKey('sip:zz9@def.invalid', 1000)).toMatchObject({ cseq: 2, registeredAt: 0 });
    expect(reg.lookup('88000101', 1000)).toHaveLength(1);
    expect(reg.dropFlow('w1').map((c) => c.event)).toEqual(['flow-closed']);
    expect([reg.size, reg.all(1000).length]).toEqual([0, 0]);
  });

  it('knows a REGISTER sent again: the same Call-ID and CSeq that made every binding it names', () => {
    const reg = new Registrar();
    const a = ask(['<sip:a@192.0.2.1:5060>']);
    expect(reg.repeats(a, ctx(1), 0)).toBe(false);
    reg.register(a, ctx(1, udp), 0);
    expect(reg.repeats(a, ctx(1), 1000)).toBe(true);
    expect(reg.repeats(a, ctx(2), 1000)).toBe(false);
    expect(reg.repeats(a, ctx(1, udp, 'other'), 1000)).toBe(false);
    expect(reg.repeats(ask(['<sip:a@192.0.2.1:5060>', '<sip:b@192.0.2.1:5062>']), ctx(1), 1000)).toBe(false);
    // Expired, it is no longer there to be repeated.
    expect(reg.repeats(a, ctx(1), 3_600_000)).toBe(false);
    expect(reg.repeats(ask([]), ctx(9), 0)).toBe(true);
    expect(reg.repeats(ask(['*'], 0), ctx(1), 1000)).toBe(false);
  });

  it('takes the Expires header when the contact has no parameter, and the default without either', () => {
    const reg = new Registrar();
    reg.register(ask(['<sip:a@192.0.2.1:5060>'], 120), ctx(1, udp), 0);
    reg.register(ask(['<sip:b@192.0.2.1:5062>']), ctx(2, udp), 0);
    expect(reg.lookup('88000101', 0).map((b) => b.expiresAt)).toEqual([120_000, 3_600_000]);
  });

  it('shortens long asks and answers 423 with Min-Expires to short ones', () => {
    const reg = new Registrar();
    expect(reg.register(ask(['<sip:a@h>;expires=10']), ctx(1), 0)).toEqual({
      ok: false,
      status: 423,
      minExpires: 60,
    });
    reg.register(ask(['<sip:a@h>;expires=99999']), ctx(2), 0);
    expect(reg.lookup('88000101', 0)[0]!.expiresAt).toBe(3_600_000);
  });

  it('keeps several contacts per account and removes one with expires=0', () => {
    const reg = new Registrar();
    reg.register(ask(['<sip:a@h1>', '<sip:b@h2>'], 300), ctx(1), 0);
    expect(reg.lookup('88000101', 0)).toHaveLength(2);
    const out = reg.register(ask(['<sip:a@h1>;expires=0']), ctx(2), 10);
    expect(out.ok && out.bindings.map((b) => b.uri)).toEqual(['sip:b@h2']);
    expect(out.ok && out.changes.map((c) => c.event)).toEqual(['unregistered']);
  });

  it('removes every binding with Contact: * and Expires: 0, and refuses * otherwise', () => {
    const reg = new Registrar();
    reg.register(ask(['<sip:a@h1>', '<sip:b@h2>'], 300), ctx(1), 0);
    expect(
      readRegister(
        createRequest({
          method: 'REGISTER',
          uri: 'sip:x',
          headers: [
            ['To', 'sip:1@x'],
            ['Contact', '*'],
          ],
        }),
      ),
    ).toMatchObject({ ok: false });
    const out = reg.register(ask(['*'], 0), ctx(2), 0);
    expect(out.ok && out.changes.map((c) => c.event)).toEqual(['unregistered', 'unregistered']);
    expect(reg.size).toBe(0);
  });

  it('answers a query with the current bindings and changes nothing', () => {
    const reg = new Registrar();
    reg.register(ask(['<sip:a@h1>'], 300), ctx(1), 0);
    const out = reg.register(ask([]), ctx(2), 1000);
    expect(out).toMatchObject({ ok: true, changes: [] });
    expect(out.ok && out.bindings).toHaveLength(1);
  });

  it('refuses an out-of-order REGISTER of the same Call-ID', () => {
    const reg = new Registrar();
    reg.register(ask(['<sip:a@h1>'], 300), ctx(5), 0);
    expect(reg.register(ask(['<sip:a@h1>'], 300), ctx(5), 1)).toMatchObject({ ok: false, status: 500 });
    expect(reg.register(ask(['<sip:a@h1>'], 300), ctx(3, ws1, 'other-call'), 1).ok).toBe(true);
  });

  it('lets bindings expire on the clock and reports them on sweep', () => {
    const reg = new Registrar();
    reg.register(ask(['<sip:a@h1>'], 60), ctx(1), 0);
    reg.register(ask(['<sip:b@h2>'], 120), ctx(2), 0);
    expect(reg.lookup('88000101', 60_000).map((b) => b.uri)).toEqual(['sip:b@h2']);
    expect(reg.byUriKey('sip:a@h1', 60_000)).toBeUndefined();
    expect(reg.nextExpiry()).toBe(60_000);
    expect(reg.sweep(60_000).map((c) => [c.event, c.binding.uri])).toEqual([['expired', 'sip:a@h1']]);
    expect(reg.size).toBe(1);
  });

  it('drops the bindings of a closed connection only', () => {
    const reg = new Registrar();
    reg.register(ask(['<sip:a@h1>'], 300), ctx(1, ws1), 0);
    reg.register(ask(['<sip:b@h2>'], 300), ctx(2, ws2), 0);
    expect(reg.dropFlow('w1').map((c) => [c.event, c.binding.uri])).toEqual([['flow-closed', 'sip:a@h1']]);
    expect(reg.all(0).map((b) => b.uri)).toEqual(['sip:b@h2']);
    expect(reg.clear().map((c) => c.event)).toEqual(['reset']);
    expect(reg.size).toBe(0);
  });

  it('keeps at most maxBindingsPerAor contacts, the soonest to expire giving way', () => {
    const reg = new Registrar({
      minExpiresSec: 60,
      maxExpiresSec: 3600,
      defaultExpiresSec: 3600,
      maxBindingsPerAor: 2,
    });
    reg.register(ask(['<sip:a@h1>'], 100), ctx(1), 0);
    reg.register(ask(['<sip:b@h2>'], 300), ctx(2), 0);
    const out = reg.register(ask(['<sip:c@h3>'], 200), ctx(3), 0);
    expect(out.ok && out.changes.map((c) => [c.event, c.binding.uri])).toEqual([
      ['registered', 'sip:c@h3'],
      ['replaced', 'sip:a@h1'],
    ]);
  });

  it('refuses unreadable contacts and a To without a user', () => {
    const bad = (headers: [string, string][]) =>
      readRegister(createRequest({ method: 'REGISTER', uri: 'sip:x', headers }));
    expect(
      bad([
        ['To', '<sip:88000101@h>'],
        ['Contact', '<sip:a@>'],
      ]),
    ).toMatchObject({ ok: false });
    expect(
      bad([
        ['To', '<sip:h>'],
        ['Contact', '<sip:a@h>'],
      ]),
    ).toMatchObject({ ok: false, reason: 'To has no user part' });
  });
});
