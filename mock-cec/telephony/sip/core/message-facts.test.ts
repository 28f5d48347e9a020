import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SipRequest, SipResponse } from './message.ts';
import { requestFacts, responseFacts } from './message-facts.ts';
import { parseMessage } from './parse-message.ts';
import { SipReadings } from './readings.ts';

/** To and From as they come: with a tag or not, in brackets or not, some unreadable. */
const party = fc
  .tuple(
    fc.constantFrom('', '"Bob" '),
    fc.constantFrom('sip:101@h', 'sip:7@127.0.0.1:5060', 'sips:a@B.example', 'sip:x y@h', 'tel:+1'),
    fc.boolean(),
    fc.constantFrom('', ';tag=1', ';tag=abc', ';expires=60', ';TAG=2'),
  )
  .map(([d, u, b, p]) => (b || d !== '' ? `${d}<${u}>${p}` : `${u}${p}`));
const via = fc.constantFrom(
  'SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK1',
  'SIP/2.0/UDP h;branch=z9hG4bK2;rport',
  'SIP/2.0/TCP [::1]:5061;branch=z9hG4bK3',
  'SIP/2.0/UDP ',
);
const cseq = fc.constantFrom('1 INVITE', '2 BYE', '7  INVITE', 'x INVITE');

describe('message facts', () => {
  it("reads the same with the proxy's remembered readings as with plain ones", () => {
    // One SipReadings for the whole run, small, so that texts repeat, hit and overflow it.
    const readings = new SipReadings(8);
    fc.assert(
      fc.property(party, party, via, cseq, fc.boolean(), (from, to, v, c, response) => {
        const head = response ? 'SIP/2.0 180 Ringing' : `${c.split(' ').at(-1)} sip:101@h SIP/2.0`;
        const parsed = parseMessage(
          `${head}\r\nVia: ${v}\r\nFrom: ${from}\r\nTo: ${to}\r\nCall-ID: c1\r\nCSeq: ${c}\r\nContent-Length: 0\r\n\r\n`,
        );
        if (!parsed.ok) return;
        if (parsed.message.kind === 'response') {
          const res = parsed.message as SipResponse;
          expect(responseFacts(res, readings)).toEqual(responseFacts(res));
        } else {
          const req = parsed.message as SipRequest;
          expect(requestFacts(req, readings)).toEqual(requestFacts(req));
        }
      }),
      { numRuns: 500 },
    );
  });
});
