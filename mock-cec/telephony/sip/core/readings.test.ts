import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainReadings, type Readings, SipReadings, TextMemo } from './readings.ts';

/** Texts as messages carry them, valid and not, from a small pool so that they repeat (and hit the memos). */
const host = fc.constantFrom('127.0.0.1', 'Example.COM', '[::1]', 'a..b', '[::1', 'h_st', '');
const port = fc.option(fc.constantFrom('5060', '0', '65536', '5061', 'x', ''), { nil: undefined });
const hostPort = fc.tuple(host, port).map(([h, p]) => (p === undefined ? h : `${h}:${p}`));
const user = fc.constantFrom('1001', 'alice', 'a%20b', 'a%zz', 'bad user', '');
const uri = fc
  .tuple(
    fc.constantFrom('sip', 'SIPS', 'tel', 'sip'),
    user,
    hostPort,
    fc.constantFrom('', ';transport=udp', ';lr', '?x=1'),
  )
  .map(([s, u, hp, rest]) => `${s}:${u === '' ? '' : `${u}@`}${hp}${rest}`);
const nameAddr = fc
  .tuple(
    fc.constantFrom('', '"Bob" ', 'Bob '),
    uri,
    fc.boolean(),
    fc.constantFrom('', ';tag=1', ';expires=60', ';q=0.5'),
  )
  .map(([d, u, b, p]) => (b || d !== '' ? `${d}<${u}>${p}` : `${u}${p}`));
const cseq = fc
  .tuple(
    fc.constantFrom('1', '2', '2147483648', 'x', '42'),
    fc.constantFrom(' REGISTER', '  INVITE', 'BYE', ' ?'),
  )
  .map(([n, m]) => `${n}${m}`);

/** One reading asked of both, by name. */
const ask = fc.oneof(
  uri.map((t) => ['uri', t] as const),
  hostPort.map((t) => ['hostPort', t] as const),
  nameAddr.map((t) => ['nameAddr', t] as const),
  cseq.map((t) => ['cseq', t] as const),
  uri.map((t) => ['uriKey', t] as const),
);

describe('SipReadings', () => {
  it('reads every text as the plain readings do, again and again, and past its capacity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(ask, { maxLength: 200 }), (capacity, asks) => {
        const remembered: Readings = new SipReadings(capacity);
        for (const [name, text] of asks) expect(remembered[name](text)).toEqual(plainReadings[name](text));
      }),
    );
  });
});

describe('TextMemo', () => {
  it('reads a text once while it is remembered, forgets all when full, and never remembers unreadable text', () => {
    const read: string[] = [];
    const memo = new TextMemo((t) => {
      read.push(t);
      return t.startsWith('ok') ? { t } : undefined;
    }, 2);
    const first = memo.get('ok1');
    expect(memo.get('ok1')).toBe(first);
    expect(memo.get('bad')).toBeUndefined();
    expect(memo.get('bad')).toBeUndefined();
    memo.get('ok2');
    expect(memo.size).toBe(2);
    memo.get('ok3');
    expect(memo.size).toBe(1);
    expect(memo.get('ok1')).not.toBe(first);
    expect(read).toEqual(['ok1', 'bad', 'bad', 'ok2', 'ok3', 'ok1']);
  });
});
