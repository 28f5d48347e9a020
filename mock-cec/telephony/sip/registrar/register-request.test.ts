import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { header, type SipRequest } from '../core/message.ts';
import { requestFacts } from '../core/message-facts.ts';
import { parseMessage } from '../core/parse-message.ts';
import { SipReadings } from '../core/readings.ts';
import { parseUri, uriUser } from '../core/uri.ts';
import { readRegister, uriKeyOf } from './register-request.ts';

describe('uriKeyOf', () => {
  it('gives the scheme, user, lowercased host and port of any URI, the first time and after', () => {
    const uri = fc
      .record({
        scheme: fc.constantFrom('sip', 'sips', 'SIP'),
        user: fc.option(fc.stringMatching(/^[a-z0-9%]{1,10}$/), { nil: undefined }),
        host: fc.constantFrom('127.0.0.1', 'Example.COM', 'abc.invalid', '[::1]'),
        port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
        params: fc.constantFrom('', ';transport=ws', ';lr;ob'),
      })
      .map(
        (r) =>
          `${r.scheme}:${r.user === undefined ? '' : `${r.user}@`}${r.host}${r.port === undefined ? '' : `:${r.port}`}${r.params}`,
      );
    fc.assert(
      fc.property(fc.oneof(uri, fc.string({ maxLength: 30 })), (text) => {
        const u = parseUri(text);
        const expected =
          u &&
          `${u.scheme}:${u.user !== undefined ? `${uriUser(u)}@` : ''}${u.host}${u.port !== undefined ? `:${u.port}` : ''}`;
        expect(uriKeyOf(text)).toBe(expected);
        expect(uriKeyOf(`x${text}`.slice(1))).toBe(expected);
      }),
    );
  });
});

describe('what a binding keeps of a REGISTER', () => {
  it("holds no message head alive, read through the proxy's readings", () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heap = () => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    const pad = 'x'.repeat(20_000);
    const readings = new SipReadings();
    const before = heap();
    const kept: unknown[] = [];
    for (let i = 0; i < 1000; i++) {
      const parsed = parseMessage(
        [
          'REGISTER sip:127.0.0.1 SIP/2.0',
          `X-Pad: ${pad}`,
          `Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK${i}`,
          `From: <sip:account-number-${i}@127.0.0.1>;tag=${i}`,
          `To: <sip:account-number-${i}@127.0.0.1>`,
          `Call-ID: ${i}-a-call-id-long-enough-to-be-cut@127.0.0.1`,
          'CSeq: 1 REGISTER',
          `Contact: <sip:account-number-${i}@127.0.0.1:5061;transport=udp>;+sip.instance="<urn:uuid:${i}-a-long-enough-instance>"`,
          `User-Agent: a softphone named ${i} with a long enough name`,
          '',
          '',
        ].join('\r\n'),
      );
      if (!parsed.ok) throw new Error(parsed.error.detail);
      const facts = requestFacts(parsed.message as SipRequest, readings);
      if (!facts.ok) throw new Error(facts.error.detail);
      const read = readRegister(parsed.message as SipRequest, facts.message.to, readings);
      if (!read.ok || read.ask.kind !== 'update') throw new Error('not an update');
      const c = read.ask.contacts[0]!;
      // What registrar.ts makes a binding of.
      kept.push([
        read.ask.aor,
        c.uri,
        c.uriKey,
        c.instance,
        facts.message.callId,
        header(parsed.message, 'user-agent'),
      ]);
    }
    // Views would keep the 1,000 heads: 20 MB (Latin-1 text).
    expect(heap() - before).toBeLessThan(5_000_000);
    expect(kept).toHaveLength(1000);
  });
});
