import { type CSeq, parseCSeq } from './cseq.ts';
import { detach } from './detach.ts';
import { type NameAddr, parseNameAddr } from './name-addr.ts';
import { parseUri, type SipUri, splitHostPort, uriKey } from './uri.ts';

/**
 * A pure reading of short text, remembered for the texts met again and again
 * (decision record 006, invariant 12): every REGISTER of an account repeats
 * its To and Contact, its CSeq, the server's Request-URI and the client's
 * Via host:port. Owned by whoever reads (a proxy's `SipReadings`), never
 * module-global. What is remembered is shared by every caller, so it must be
 * immutable (the readings' results are `readonly`). Unreadable texts are not
 * remembered. Bounded: when full it is emptied whole, so a flood of distinct
 * texts costs one failed lookup each, not an LRU's bookkeeping. Keys are
 * detached copies and values are read from them, so a memo never keeps a
 * message's text alive.
 */
export class TextMemo<T> {
  readonly #known = new Map<string, T>();

  constructor(
    private readonly read: (text: string) => T | undefined,
    readonly capacity = 4096,
  ) {}

  get(text: string): T | undefined {
    const hit = this.#known.get(text);
    if (hit !== undefined) return hit;
    const key = detach(text);
    const value = this.read(key);
    if (value === undefined) return undefined;
    if (this.#known.size >= this.capacity) this.#known.clear();
    this.#known.set(key, value);
    return value;
  }

  get size(): number {
    return this.#known.size;
  }
}

/** The readings of message text the proxy makes on every request; `plainReadings` reads each anew. */
export interface Readings {
  uri(text: string): SipUri | undefined;
  hostPort(text: string): { readonly host: string; readonly port?: number } | undefined;
  /** For values that repeat (To, Contact): a From carries a fresh tag each time and is read plainly. */
  nameAddr(text: string): NameAddr | undefined;
  cseq(text: string): CSeq | undefined;
  /** `uriKey`: the form of a URI lookups compare. */
  uriKey(text: string): string | undefined;
}

export const plainReadings: Readings = {
  uri: parseUri,
  hostPort: splitHostPort,
  nameAddr: parseNameAddr,
  cseq: (text) => parseCSeq(text),
  uriKey,
};

/** `Readings` remembered (`TextMemo`), each memo bounded by `capacity`: one per proxy. */
export class SipReadings implements Readings {
  readonly #uri: TextMemo<SipUri>;
  readonly #hostPort: TextMemo<{ readonly host: string; readonly port?: number }>;
  readonly #nameAddr: TextMemo<NameAddr>;
  readonly #cseq: TextMemo<CSeq>;
  readonly #uriKey: TextMemo<string>;

  constructor(capacity = 4096) {
    this.#uri = new TextMemo(parseUri, capacity);
    this.#hostPort = new TextMemo(splitHostPort, capacity);
    this.#nameAddr = new TextMemo(parseNameAddr, capacity);
    this.#cseq = new TextMemo((t) => parseCSeq(t), capacity);
    this.#uriKey = new TextMemo(uriKey, capacity);
  }

  uri(text: string): SipUri | undefined {
    return this.#uri.get(text);
  }

  hostPort(text: string): { readonly host: string; readonly port?: number } | undefined {
    return this.#hostPort.get(text);
  }

  nameAddr(text: string): NameAddr | undefined {
    return this.#nameAddr.get(text);
  }

  cseq(text: string): CSeq | undefined {
    return this.#cseq.get(text);
  }

  uriKey(text: string): string | undefined {
    return this.#uriKey.get(text);
  }
}
