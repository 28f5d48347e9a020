/** CSeq (RFC 3261 §20.16): a sequence number and a method. */
export interface CSeq {
  readonly seq: number;
  readonly method: string;
}

export function parseCSeq(value: string | undefined): CSeq | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d{1,10})\s+([A-Za-z0-9\-.!%*_+`'~]+)$/.exec(value);
  if (!m) return undefined;
  const seq = Number(m[1]);
  // RFC 3261 §8.1.1.5: the sequence number is below 2**31.
  return seq < 2 ** 31 ? { seq, method: m[2]! } : undefined;
}
