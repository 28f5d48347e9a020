/**
 * Run by close-releases.test.ts in a child process: open calls of both
 * flavours, let media flow, close them, and report. If anything stays open
 * (a socket, a timer), the process does not exit and the test fails.
 */
import { createSocket } from 'node:dgram';
import { createMediaEngine } from './create-media-engine.ts';

const host = '127.0.0.1';
const engine = createMediaEngine();
const until = async (ok: () => boolean) => {
  while (!ok()) await new Promise((r) => setImmediate(r));
};

// WebRTC both ways: one engine offers, the other answers.
const caller = await engine.offer('webrtc', { source: { kind: 'tone' }, mode: 'both', host });
const callee = await engine.answer(caller.sdp, { source: { kind: 'echo' }, mode: 'both', host });
await caller.accept(callee.sdp);
await until(() => caller.session.stats().audioEnergyReceived > 0);

// Plain RTP against a UDP socket that is closed before the session.
const peer = createSocket('udp4');
await new Promise<void>((r) => peer.bind(0, host, r));
const offer = `v=0\r\no=- 1 1 IN IP4 ${host}\r\ns=-\r\nc=IN IP4 ${host}\r\nt=0 0\r\nm=audio ${peer.address().port} RTP/AVP 0\r\n`;
const rtp = await engine.answer(offer, { source: { kind: 'tone' }, mode: 'both', host });
await new Promise<void>((r) => peer.once('message', () => r()));
peer.close();

// A WebRTC offer werift refuses (no rtpmap) must leave nothing open either.
const refused = await engine
  .answer(`v=0\r\no=- 1 1 IN IP4 ${host}\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\n`, {
    source: { kind: 'tone' },
    mode: 'both',
    host,
  })
  .then(
    () => false,
    () => true,
  );

await Promise.all([caller.session.close(), callee.session.close(), rtp.session.close()]);
process.stdout.write(
  `${JSON.stringify({ closed: true, refused, dtls: caller.session.stats().dtlsState })}\n`,
);
