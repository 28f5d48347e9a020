import { describe, expect, it } from 'vitest';
import { directionOf, mirror, withDirection } from './sdp-direction.ts';

const sdp = [
  'v=0',
  'o=- 4 7 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 40000 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
  'a=sendrecv',
  '',
].join('\r\n');

describe('SDP direction (RFC 3264)', () => {
  it('re-offers the same SDP with another direction and a higher o= version, CRLF kept', () => {
    const held = withDirection(sdp, 'inactive');
    expect(held).toContain('a=inactive\r\n');
    expect(held).not.toContain('a=sendrecv');
    expect(held).toContain('o=- 4 8 IN IP4 127.0.0.1\r\n');
    expect(directionOf(held)).toBe('inactive');
    expect(directionOf(withDirection(held, 'sendrecv'))).toBe('sendrecv');
  });

  it('adds the attribute when the SDP names none, and reads none as sendrecv', () => {
    const bare = sdp.replace('a=sendrecv\r\n', '');
    expect(directionOf(bare)).toBe('sendrecv');
    expect(directionOf(withDirection(bare, 'sendonly'))).toBe('sendonly');
  });

  it('answers sendonly with recvonly, recvonly with sendonly, the others alike', () => {
    expect(mirror('sendonly')).toBe('recvonly');
    expect(mirror('recvonly')).toBe('sendonly');
    expect(mirror('inactive')).toBe('inactive');
    expect(mirror('sendrecv')).toBe('sendrecv');
  });
});
