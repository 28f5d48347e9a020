import { describe, expect, it } from 'vitest';
import { header, type SipRequest } from '../core/message.ts';
import { parseMessage } from '../core/parse-message.ts';
import { parseVia } from '../core/via.ts';
import { stampVia } from './via-received.ts';

const request = (via: string): SipRequest => {
  const parsed = parseMessage(
    Buffer.from(
      `OPTIONS sip:x@127.0.0.1 SIP/2.0\r\nVia: ${via}\r\nVia: SIP/2.0/UDP 10.0.0.9;branch=z9hG4bKb\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:x@127.0.0.1>\r\nContent-Length: 0\r\n\r\n`,
    ),
  );
  if (!parsed.ok || parsed.message.kind !== 'request') throw new Error('unreadable');
  return parsed.message;
};
const stamp = (via: string, ip: string, port = 5062) => {
  const req = request(via);
  const out = stampVia(req, parseVia(via)!, { ip, port });
  return {
    same: out === req,
    top: header(out, 'via'),
    second: out.headers.filter((h) => h.key === 'via')[1]?.value,
  };
};

describe('stampVia (RFC 3261 §18.2.1, RFC 3581 §4)', () => {
  it('leaves a Via whose sent-by is the source, without rport, as it came', () => {
    expect(stamp('SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKa', '127.0.0.1').same).toBe(true);
    expect(stamp('SIP/2.0/UDP [::1]:5062;branch=z9hG4bKa', '::1').same).toBe(true);
  });

  it('adds received for another sent-by host, IPv6 without brackets', () => {
    expect(stamp('SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKa', '127.0.0.1')).toMatchObject({
      top: 'SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKa;received=127.0.0.1',
      second: 'SIP/2.0/UDP 10.0.0.9;branch=z9hG4bKb',
    });
    expect(stamp('SIP/2.0/UDP phone.invalid;branch=z9hG4bKa', '::1').top).toBe(
      'SIP/2.0/UDP phone.invalid;branch=z9hG4bKa;received=::1',
    );
  });

  it('fills an empty rport in place, with received even for the same host', () => {
    expect(stamp('SIP/2.0/UDP 127.0.0.1:5062;rport;branch=z9hG4bKa', '127.0.0.1', 40123).top).toBe(
      'SIP/2.0/UDP 127.0.0.1:5062;rport=40123;branch=z9hG4bKa;received=127.0.0.1',
    );
  });
});
