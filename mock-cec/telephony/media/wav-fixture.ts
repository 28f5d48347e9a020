/** WAV files for tests, written byte by byte so the reader is not tested against itself. */
/** A minimal WAV writer for fixtures: fmt chunk, optional extra chunk, data chunk. */
export function wav(opts: {
  format?: number;
  channels?: number;
  rate?: number;
  bits?: number;
  data: Uint8Array;
  extraChunk?: boolean;
}): Uint8Array {
  const { format = 1, channels = 1, rate = 8000, bits = 16, data } = opts;
  const extra = opts.extraChunk ? 8 + 3 + 1 : 0; // a 3-byte LIST chunk plus its pad byte
  const buf = new Uint8Array(12 + 24 + extra + 8 + data.length);
  const v = new DataView(buf.buffer);
  const put = (at: number, s: string) => {
    for (let i = 0; i < 4; i++) buf[at + i] = s.charCodeAt(i);
  };
  put(0, 'RIFF');
  v.setUint32(4, buf.length - 8, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, format, true);
  v.setUint16(22, channels, true);
  v.setUint32(24, rate, true);
  v.setUint32(28, (rate * channels * bits) / 8, true);
  v.setUint16(32, (channels * bits) / 8, true);
  v.setUint16(34, bits, true);
  let at = 36;
  if (opts.extraChunk) {
    put(at, 'LIST');
    v.setUint32(at + 4, 3, true);
    at += 12;
  }
  put(at, 'data');
  v.setUint32(at + 4, data.length, true);
  buf.set(data, at + 8);
  return buf;
}

export function pcmBytes(samples: number[]): Uint8Array {
  const out = new Uint8Array(samples.length * 2);
  const v = new DataView(out.buffer);
  for (const [i, s] of samples.entries()) v.setInt16(i * 2, s, true);
  return out;
}
