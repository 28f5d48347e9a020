import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRequest, createResponse } from './build-message.ts';
import {
  makeHeader,
  prependHeader,
  type SipMessage,
  type SipRequest,
  withHeaders,
  withUri,
} from './message.ts';
import { parseMessage } from './parse-message.ts';
import { serialize } from './serialize.ts';

/** Messages of every shape a proxy edits: parsed requests and responses, with and without a body, and made ones. */
const parsed = (text: string): SipMessage => {
  const p = parseMessage(text);
  if (!p.ok) throw new Error(p.error.detail);
  return p.message;
};
const invite = parsed(
  'INVITE sip:101@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\nFrom: <sip:7@h>;tag=a\r\n' +
    'To: <sip:101@h>\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Type: application/sdp\r\n' +
    'Content-Length: 4\r\n\r\nv=0\n',
);
const ringing = parsed(
  'SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKmc1\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\n' +
    'From: <sip:7@h>;tag=a\r\nTo: <sip:101@h>;tag=b\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n',
);
const bare = parsed('BYE sip:7@h SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK2\nCall-ID: c1\nCSeq: 2 BYE\n\n');
const made = createResponse(invite as SipRequest, 407, {
  toTag: 't',
  headers: [['Proxy-Authenticate', 'Digest x']],
});
const request = createRequest({ method: 'OPTIONS', uri: 'sip:h', headers: [['Call-ID', 'x']], body: 'hi' });
const message = fc.constantFrom<SipMessage>(invite, ringing, bare, made, request);

describe('message edits', () => {
  it('withHeaders is the spread it writes out, field by field', () => {
    fc.assert(
      fc.property(message, fc.nat(8), (msg, n) => {
        const headers = [...msg.headers.slice(0, n), makeHeader('x-extra', String(n))];
        const plain = { ...msg, headers };
        const fast = withHeaders(msg, headers);
        expect(fast).toEqual(plain);
        expect(serialize(fast)).toEqual(serialize(plain));
      }),
    );
  });

  it('prependHeader and withUri give what the spreads gave', () => {
    fc.assert(
      fc.property(message, fc.constantFrom('via', 'record-route', 'route', 'x-a'), (msg, key) => {
        const made = makeHeader(key, 'v');
        let at = msg.headers.findIndex((h) => h.key === made.key);
        if (at < 0) {
          at = 0;
          if (made.key !== 'via')
            for (let i = 0; i < msg.headers.length; i++) if (msg.headers[i]!.key === 'via') at = i + 1;
        }
        const plain = { ...msg, headers: [...msg.headers.slice(0, at), made, ...msg.headers.slice(at)] };
        expect(prependHeader(msg, key, 'v')).toEqual(plain);
        if (msg.kind === 'request') {
          const moved = withUri(msg, 'sip:x@y');
          expect(moved).toEqual({ ...msg, uri: 'sip:x@y', startRaw: undefined });
          expect(serialize(moved).toString()).toMatch(
            /^OPTIONS sip:x@y SIP\/2\.0\r\n|^\w+ sip:x@y SIP\/2\.0\r\n/,
          );
        }
      }),
    );
  });
});
