import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { header, headerValues } from './message.ts';
import { requestFacts } from './message-facts.ts';
import { parseNameAddr } from './name-addr.ts';
import { parseMessage } from './parse-message.ts';
import { param } from './split-values.ts';
import { parseUri } from './uri.ts';
import { parseVia } from './via.ts';

const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`;

const register = crlf([
  'REGISTER sip:127.0.0.1 SIP/2.0',
  'Via: SIP/2.0/WSS abc.invalid;branch=z9hG4bK1',
  'v: SIP/2.0/UDP b.example.com;branch=z9hG4bK2, SIP/2.0/TCP c.example.com:5070;branch=z9hG4bK3',
  'Max-Forwards: 70',
  'To: <sip:88000101@127.0.0.1>',
  'f: "Alice, A." <sip:88000101@127.0.0.1>;tag=abc',
  'i: reg1@abc.invalid',
  'CSeq: 2 REGISTER',
  'm: <sip:x@abc.invalid;transport=ws>;+sip.instance="<urn:uuid:1>";reg-id=1;expires=600',
  'l: 0',
  '',
]);

describe('parseMessage', () => {
  it('reads a request with compact names and comma-joined Via values', () => {
    const r = parseMessage(register);
    if (!r.ok) throw new Error(r.error.detail);
    const m = r.message;
    expect(m.kind).toBe('request');
    expect(m.kind === 'request' && [m.method, m.uri]).toEqual(['REGISTER', 'sip:127.0.0.1']);
    expect(headerValues(m, 'via')).toEqual([
      'SIP/2.0/WSS abc.invalid;branch=z9hG4bK1',
      'SIP/2.0/UDP b.example.com;branch=z9hG4bK2',
      'SIP/2.0/TCP c.example.com:5070;branch=z9hG4bK3',
    ]);
    expect(header(m, 'call-id')).toBe('reg1@abc.invalid');
    expect(parseNameAddr(header(m, 'from')!)?.display).toBe('Alice, A.');
    const contact = parseNameAddr(header(m, 'contact')!)!;
    expect(param(contact.params, '+sip.instance')).toBe('"<urn:uuid:1>"');
    expect(param(contact.params, 'expires')).toBe('600');
  });

  it('gives request facts', () => {
    const r = parseMessage(register);
    if (!r.ok || r.message.kind !== 'request') throw new Error('not a request');
    const f = requestFacts(r.message);
    expect(f.ok && f.message).toMatchObject({
      callId: 'reg1@abc.invalid',
      cseq: { seq: 2, method: 'REGISTER' },
      fromTag: 'abc',
      toTag: undefined,
      via: { transport: 'WSS', host: 'abc.invalid', branch: 'z9hG4bK1' },
      viaCount: 3,
      maxForwards: 70,
    });
  });

  it('reads a response and its body by Content-Length', () => {
    const r = parseMessage(
      crlf(['SIP/2.0 200 OK', 'Via: SIP/2.0/UDP h;branch=z9hG4bKx', 'Content-Length: 5', '', 'hello world']),
    );
    expect(r.ok && r.message.kind === 'response' && [r.message.status, r.message.body.toString()]).toEqual([
      200,
      'hello',
    ]);
  });

  it('takes the rest of a datagram as the body when Content-Length is absent', () => {
    const r = parseMessage('MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n\r\nhi');
    expect(r.ok && r.message.body.toString()).toBe('hi');
  });

  it('counts Content-Length in bytes, not characters', () => {
    const r = parseMessage('MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 2\r\n\r\né!');
    expect(r.ok && r.message.body.toString()).toBe('é');
  });

  it('refuses oversized messages before reading them', () => {
    const r = parseMessage(Buffer.alloc(70_000, 0x41));
    expect(!r.ok && r.error.code).toBe('too-large');
  });

  it('treats a lone CRLF keep-alive as empty', () => {
    const r = parseMessage('\r\n\r\n');
    expect(!r.ok && r.error.code).toBe('empty');
  });
});

describe('header value parsers', () => {
  it.each([
    ['sip:alice@example.com', { user: 'alice', host: 'example.com' }],
    ['sips:alice:pw@EXAMPLE.com:5061;transport=tcp?subject=x', { user: 'alice', password: 'pw', port: 5061 }],
    ['sip:[2001:db8::1]:5060', { host: '[2001:db8::1]', port: 5060 }],
    ['sip:user;par=u%40example.net@example.com', { user: 'user;par=u%40example.net', host: 'example.com' }],
  ])('parses the URI %s', (text, want) => {
    expect(parseUri(text)).toMatchObject(want);
  });

  it.each(['tel:+123', 'sip:', 'sip:a@', 'sip:a@host:99999', 'sip:a b@host', 'sip:a@ho st'])(
    'refuses the URI %s',
    (text) => {
      expect(parseUri(text)).toBeUndefined();
    },
  );

  it('parses Via with spaces around slashes and a received parameter', () => {
    expect(parseVia('SIP / 2.0 / udp 192.0.2.1:5060 ; branch = z9hG4bKx ; received=10.0.0.1')).toMatchObject({
      transport: 'UDP',
      host: '192.0.2.1',
      port: 5060,
      branch: 'z9hG4bKx',
    });
  });

  it('keeps addr-spec parameters on the header, name-addr ones inside the URI', () => {
    expect(parseNameAddr('sip:a@b;tag=1')).toMatchObject({ uri: 'sip:a@b', params: [['tag', '1']] });
    expect(parseNameAddr('<sip:a@b;lr>;tag=1')).toMatchObject({ uri: 'sip:a@b;lr', params: [['tag', '1']] });
    expect(parseNameAddr('"unclosed <sip:a@b>')).toBeUndefined();
    expect(parseNameAddr('<sip:a@b')).toBeUndefined();
  });
});

describe('the empty line', () => {
  it('is the first one, of bare LF before CRLF, even with bytes that are no UTF-8 after it', () => {
    const head = 'OPTIONS sip:a@b SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\nCall-ID: x\nCSeq: 1 OPTIONS\n';
    const body = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('\r\n\r\nmore')]);
    const parsed = parseMessage(Buffer.concat([Buffer.from(`${head}\n`), body]));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.message.headers.map((h) => h.key)).toEqual(['via', 'call-id', 'cseq']);
    expect(parsed.message.body).toEqual(body);
  });

  it('reads a head of UTF-8 as UTF-8 and refuses one that is not', () => {
    const ok = parseMessage('MESSAGE sip:a@b SIP/2.0\r\nSubject: café\r\nCall-ID: x\r\n\r\n');
    expect(ok.ok && ok.message.headers[0]?.value).toBe('café');
    const bad = parseMessage(Buffer.from('MESSAGE sip:a@b SIP/2.0\r\nSubject: caf\xe9\r\n\r\n', 'latin1'));
    expect(!bad.ok && bad.error.code).toBe('bad-encoding');
  });
});

describe('the values that outlive a message', () => {
  /** How much the heap grew while keeping the values `keep` takes of a thousand messages, each with a 20 KB head. */
  const grownKeeping = (method: string, keep: readonly string[]) => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const pad = 'x'.repeat(20_000);
    const heap = () => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    const before = heap();
    const kept: string[] = [];
    for (let i = 0; i < 1000; i++) {
      // Each head is 20 KB of text; the values kept are some fifty characters each.
      const parsed = parseMessage(
        crlf([
          `${method} sip:127.0.0.1 SIP/2.0`,
          `X-Pad: ${pad}`,
          'Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK1',
          `Call-ID: ${i}-a-call-id-long-enough-to-be-cut@127.0.0.1`,
          `From: <sip:88000101@127.0.0.1>;tag=a-from-tag-long-enough-${i}`,
          `Contact: <sip:88000101@127.0.0.1:5061;transport=udp>;expires=${i}`,
          `Record-Route: <sip:proxy-${i}.example.com;lr>`,
          `User-Agent: a softphone named ${i} with a long enough name`,
          '',
        ]),
      );
      if (!parsed.ok) throw new Error(parsed.error.detail);
      for (const key of keep) kept.push(header(parsed.message, key)!);
    }
    const grown = heap() - before;
    expect(kept).toHaveLength(keep.length * 1000);
    return grown;
  };

  it('are copies: a thousand kept Call-IDs, Froms, Contacts, Record-Routes and User-Agents keep no message head alive', () => {
    // Views would keep the 1,000 heads: 20 MB (Latin-1 text). Copies are some 5,000 × 80 bytes.
    expect(grownKeeping('INVITE', ['call-id', 'from', 'contact', 'record-route', 'user-agent'])).toBeLessThan(
      5_000_000,
    );
  });

  it("are, of a REGISTER, the binding's Call-ID and User-Agent (its Contact and To it keeps from the proxy's readings)", () => {
    expect(grownKeeping('REGISTER', ['call-id', 'user-agent'])).toBeLessThan(5_000_000);
  });
});
