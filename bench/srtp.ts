/**
 * SRTP's RTP path, werift's own against mock-cec's session-keyed one
 * (mock-cec/telephony/media/srtp/), for both profiles werift negotiates: CPU
 * time a packet sealed and opened, and the garbage collections V8 ran for it.
 * A G.711 packet: 12-byte header, 160 bytes of payload. Rounds alternate
 * between the two, and the median round is printed.
 *
 *   node --import tsx bench/srtp.ts [--packets 50000] [--rounds 3]   (or: npm run bench -- srtp)
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ProtectionProfileAeadAes128Gcm, ProtectionProfileAes128CmHmacSha1_80, RtpHeader } from 'werift';
import {
  useSessionKeyedSrtp,
  type WeriftCipher,
  type WeriftOriginals,
  weriftCipher,
} from '../mock-cec/telephony/media/srtp/werift-srtp.ts';
import { fmt, table } from './lib/table.ts';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { packets: { type: 'string', default: '50000' }, rounds: { type: 'string', default: '3' } },
  strict: false,
});
const packets = Number(values.packets);
const rounds = Number(values.rounds);
if (!(packets > 0 && rounds > 0)) {
  process.stderr.write('srtp bench: --packets and --rounds take positive numbers\n');
  process.exit(2);
}

const originals = useSessionKeyedSrtp();

let collections = 0;
new PerformanceObserver((list) => {
  collections += list.getEntries().length;
}).observe({ entryTypes: ['gc'] });

/** Seals and opens `packets` packets with `seal`/`open`; CPU µs a packet (both ways) and GCs a 100,000. */
async function run(
  cipher: WeriftCipher,
  methods: WeriftOriginals,
  tagBytes: number,
): Promise<{ us: number; gcs: number }> {
  const payload = Buffer.alloc(160, 0x55);
  const header = new RtpHeader({ ssrc: 0x1234, payloadType: 0 });
  const gcsBefore = collections;
  const cpu = process.cpuUsage();
  for (let n = 0; n < packets; n++) {
    header.sequenceNumber = n & 0xffff;
    header.timestamp = n * 160;
    const sealed = methods.encryptRtp.call(cipher, header, payload, n >>> 16);
    const parsed = RtpHeader.deSerialize(sealed.subarray(0, sealed.length - tagBytes));
    methods.decryptRtp.call(cipher, sealed, n >>> 16, parsed);
  }
  const used = process.cpuUsage(cpu);
  // The observer hears of collections after the loop yields.
  await new Promise((resolve) => setTimeout(resolve, 10));
  return { us: (used.user + used.system) / packets, gcs: ((collections - gcsBefore) * 100_000) / packets };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows: (string | number)[][] = [];
const out = (line = '') => process.stdout.write(`${line}\n`);
out(
  `srtp: Node ${process.version}; ${fmt(packets)} G.711 packets sealed and opened a round, ${rounds} rounds each`,
);
for (const [name, profile, tagBytes] of [
  ['AEAD_AES_128_GCM', ProtectionProfileAeadAes128Gcm, 16],
  ['AES_CM_128_HMAC_SHA1_80', ProtectionProfileAes128CmHmacSha1_80, 10],
] as const) {
  const cipher = weriftCipher(profile, Buffer.alloc(16, 7), Buffer.alloc(14, 9));
  const theirs = profile === ProtectionProfileAeadAes128Gcm ? originals.gcm : originals.cm;
  const ours: WeriftOriginals = { encryptRtp: cipher.encryptRtp, decryptRtp: cipher.decryptRtp };
  const runs = { werift: [] as { us: number; gcs: number }[], ours: [] as { us: number; gcs: number }[] };
  for (let r = 0; r < rounds; r++) {
    runs.werift.push(await run(cipher, theirs, tagBytes));
    runs.ours.push(await run(cipher, ours, tagBytes));
  }
  const w = { us: median(runs.werift.map((x) => x.us)), gcs: median(runs.werift.map((x) => x.gcs)) };
  const o = { us: median(runs.ours.map((x) => x.us)), gcs: median(runs.ours.map((x) => x.gcs)) };
  rows.push([name, 'werift (a cipher a packet)', fmt(w.us, 2), fmt(w.gcs), '1.00×']);
  rows.push([name, 'mock-cec (keys a session)', fmt(o.us, 2), fmt(o.gcs), `${fmt(w.us / o.us, 2)}× as fast`]);
}
out();
out(
  table(
    ['profile', 'RTP path', 'CPU µs a packet (seal + open)', 'GCs a 100,000 packets', 'against werift'],
    rows,
  ),
);
