import { describe, expect, it } from 'vitest';
import { PCMA, PCMU } from './codec.ts';
import { writeRtpSdp } from './rtp-sdp.ts';
import { answerDirection, inspectOffer, readAudio } from './sdp.ts';

const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`;

/** Trimmed from a real Chromium offer: Opus first, G.711 later, ICE and DTLS attributes. */
const chromiumOffer = crlf([
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126',
  'c=IN IP4 0.0.0.0',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=candidate:1 1 udp 2113937151 192.0.2.2 52000 typ host generation 0',
  'a=ice-ufrag:abcd',
  'a=ice-pwd:0123456789abcdef012345',
  'a=fingerprint:sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF',
  'a=setup:actpass',
  'a=mid:0',
  'a=sendrecv',
  'a=rtcp-mux',
  'a=rtpmap:111 opus/48000/2',
  'a=rtpmap:63 red/48000/2',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:13 CN/8000',
  'a=rtpmap:110 telephone-event/48000',
  'a=rtpmap:126 telephone-event/8000',
]);

/** What sipp's uac_pcap scenario and baresip send: static types without rtpmap, session-level c=. */
const softphoneOffer = crlf([
  'v=0',
  'o=user1 53655765 2353687637 IN IP4 192.0.2.10',
  's=-',
  'c=IN IP4 192.0.2.10',
  't=0 0',
  'm=audio 6000 RTP/AVP 8 0 101',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-15',
  'a=sendonly',
]);

describe('readAudio / inspectOffer', () => {
  it('reads a Chromium offer as webrtc with G.711 among its codecs', () => {
    const r = inspectOffer(chromiumOffer);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.flavour).toBe('webrtc');
    expect(r.value.codecs.map((c) => c.name)).toEqual([
      'opus',
      'red',
      'G722',
      'PCMU',
      'PCMA',
      'CN',
      'telephone-event',
      'telephone-event',
    ]);
    expect(r.value.g711).toEqual([PCMU, PCMA]);
    expect(r.value.telephoneEvent).toBe(126);
    expect(r.value.direction).toBe('sendrecv');
  });

  it('reads a softphone offer as rtp: static payload types, session-level address, direction', () => {
    const r = inspectOffer(softphoneOffer);
    expect(r.ok && r.value).toMatchObject({
      flavour: 'rtp',
      address: '192.0.2.10',
      port: 6000,
      telephoneEvent: 101,
      direction: 'sendonly',
      g711: [PCMA, PCMU],
    });
  });

  it('explains why an offer cannot be answered', () => {
    expect(readAudio('hello')).toMatchObject({ ok: false, problem: { code: 'unparseable' } });
    const video = crlf(['v=0', 'o=- 1 1 IN IP4 1.2.3.4', 's=-', 't=0 0', 'm=video 5000 RTP/AVP 96']);
    expect(readAudio(video)).toMatchObject({ ok: false, problem: { code: 'no-audio' } });
    const rejected = softphoneOffer.replace('m=audio 6000', 'm=audio 0');
    expect(readAudio(rejected)).toMatchObject({ ok: false, problem: { code: 'no-audio' } });
    const sdes = softphoneOffer.replace('RTP/AVP', 'RTP/SAVP');
    expect(readAudio(sdes)).toMatchObject({
      ok: false,
      problem: { code: 'unsupported-protocol', message: expect.stringContaining('RTP/SAVP') },
    });
    const opusOnly = chromiumOffer.replace(/ 111 63 9 0 8 13 110 126/, ' 111');
    expect(inspectOffer(opusOnly)).toMatchObject({
      ok: false,
      problem: { code: 'no-common-codec', message: expect.stringContaining('opus') },
    });
  });

  it('accepts G.711 on a dynamic payload type', () => {
    const dyn = crlf(['v=0', 'o=- 1 1 IN IP4 1.2.3.4', 's=-', 'c=IN IP4 1.2.3.4', 't=0 0']).concat(
      crlf(['m=audio 4000 RTP/AVP 97', 'a=rtpmap:97 pcmu/8000']),
    );
    const r = inspectOffer(dyn);
    expect(r.ok && r.value.g711).toEqual([{ ...PCMU, payloadType: 97 }]);
  });
});

describe('answerDirection (RFC 3264 §6.1)', () => {
  it('mirrors one-way offers and keeps the others', () => {
    expect(answerDirection('sendonly')).toBe('recvonly');
    expect(answerDirection('recvonly')).toBe('sendonly');
    expect(answerDirection('sendrecv')).toBe('sendrecv');
    expect(answerDirection('inactive')).toBe('inactive');
  });
});

describe('writeRtpSdp', () => {
  it('writes an RTP/AVP offer that readAudio reads back', () => {
    const sdp = writeRtpSdp({
      host: '127.0.0.1',
      port: 40000,
      sessionId: 42,
      codecs: [PCMU, PCMA],
      telephoneEvent: 101,
      direction: 'sendrecv',
    });
    expect(sdp).toContain('m=audio 40000 RTP/AVP 0 8 101\r\n');
    expect(sdp).toContain('c=IN IP4 127.0.0.1\r\n');
    expect(sdp).toContain('a=ptime:20\r\n');
    const back = inspectOffer(sdp);
    expect(back.ok && back.value).toMatchObject({
      flavour: 'rtp',
      address: '127.0.0.1',
      port: 40000,
      g711: [PCMU, PCMA],
      telephoneEvent: 101,
    });
  });
});
