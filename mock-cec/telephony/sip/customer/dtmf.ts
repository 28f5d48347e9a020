/**
 * DTMF as the simulated customer receives it, read from either carrier a
 * softphone may use: RFC 4733 telephone-event packets in the media, or SIP
 * INFO with an `application/dtmf-relay` (Cisco's, the common one) or
 * `application/dtmf` body. Pure text and byte work.
 */

export type DtmfCarrier = 'rfc4733' | 'info';

/** RFC 4733 §3.2: events 0–9, *, #, A–D (16 is flash, not a key). */
const EVENT_KEYS = '0123456789*#ABCD';

export function keyOfEvent(code: number): string | undefined {
  return EVENT_KEYS[code];
}

/**
 * The key an INFO carries: `Signal=5` in application/dtmf-relay, the bare key
 * in application/dtmf. Undefined for any other body (an INFO for something
 * else, RFC 6086, is still answered 200).
 */
export function keyOfInfo(contentType: string | undefined, body: string): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  const text =
    type === 'application/dtmf-relay'
      ? /^\s*signal\s*=\s*(\S+)/im.exec(body)?.[1]
      : type === 'application/dtmf'
        ? body.trim()
        : undefined;
  if (text === undefined) return undefined;
  // Some phones send the event number (10 for *, 11 for #) instead of the key.
  if (/^\d{2}$/.test(text)) return keyOfEvent(Number(text));
  const key = text.toUpperCase();
  return key.length === 1 && EVENT_KEYS.includes(key) ? key : undefined;
}

/**
 * RFC 4733 §2.3: one event is sent as several packets with the same RTP
 * timestamp (the start, updates, and the end packet three times). A key is
 * counted once per event: on the first packet of a new timestamp.
 */
export class EventDigits {
  #last: number | undefined;

  /** The key of a telephone-event payload, once per event; undefined for repeats and junk. */
  read(timestamp: number, payload: Uint8Array): string | undefined {
    if (payload.length < 4 || timestamp === this.#last) return undefined;
    const key = keyOfEvent(payload[0]!);
    if (key === undefined) return undefined;
    this.#last = timestamp;
    return key;
  }
}
