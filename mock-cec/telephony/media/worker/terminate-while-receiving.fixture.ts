/**
 * Run as a child process by worker-shutdown.test.ts: closes a worker engine
 * again and again while a flood of RTP reaches its session's socket. Node 20
 * aborts the whole process (a fatal `FromJust` in UDPWrap::OnRecv) when a
 * worker is terminated while its UDP socket receives; the engine's shutdown
 * must close the sockets first. Prints "survived N" and exits 0 when it does.
 */
import { createSocket } from 'node:dgram';
import { inspectOffer } from '../sdp.ts';
import { createWorkerMediaEngine } from './worker-media-engine.ts';

const rounds = Number(process.argv[2] ?? '10');
const flood = createSocket('udp4');
await new Promise<void>((resolve) => flood.bind(0, '127.0.0.1', resolve));
const offer = [
  'v=0',
  'o=phone 1 1 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  `m=audio ${flood.address().port} RTP/AVP 0`,
  'a=sendrecv',
  '',
].join('\r\n');
// An RTP packet of PCMU silence.
const packet = Buffer.alloc(12 + 160, 0xff);
packet[0] = 0x80;

for (let round = 0; round < rounds; round++) {
  const engine = createWorkerMediaEngine({ workers: 1 });
  const sessions = await Promise.all(
    Array.from({ length: 4 }, () =>
      engine.answer(offer, { source: { kind: 'tone' }, mode: 'both', host: '127.0.0.1' }),
    ),
  );
  const ports = sessions.map(({ sdp }) => {
    const r = inspectOffer(sdp);
    if (!r.ok) throw new Error(r.problem.message);
    return r.value.port;
  });
  let flooding = true;
  const blast = () => {
    if (!flooding) return;
    for (let i = 0; i < 50; i++) for (const port of ports) flood.send(packet, port, '127.0.0.1');
    setImmediate(blast);
  };
  blast();
  await new Promise((resolve) => setImmediate(resolve));
  await engine.close();
  flooding = false;
}
flood.close();
process.stdout.write(`survived ${rounds}\n`);
