/**
 * Password guessing, slowed down per (source address, account), in the
 * spirit of Kamailio's pike module: after `maxFailures` failed digests from
 * one address for one account within `windowMs`, that address is refused
 * for that account (403, credentials not even checked) for `blockMs`; each
 * further block doubles, up to `maxBlockMs`. Other accounts, and the same
 * account from other addresses, keep registering. [choice: the vendor's
 * registrar behaviour here is not documented.]
 *
 * Unknown accounts are counted exactly like known ones, so a block says
 * nothing about whether an account exists.
 *
 * The hot path (a REGISTER when nobody has failed for its account) costs one
 * Map lookup and allocates nothing: state is kept by account first, and the
 * address is cut out of the flow's "ip:port" only when the account has some.
 */
export interface GuessGuardOptions {
  /** Failed digests from one address for one account before it is refused (default 10). */
  maxFailures: number;
  /** Failures older than this are forgotten (default 60 s). */
  windowMs: number;
  /** The first refusal lasts this long (default 30 s); each next one twice the last. */
  blockMs: number;
  maxBlockMs: number;
  /** Addresses × accounts remembered at most; past it the oldest accounts are forgotten (default 50,000). */
  capacity: number;
}

export const defaultGuessGuardOptions: GuessGuardOptions = {
  maxFailures: 10,
  windowMs: 60_000,
  blockMs: 30_000,
  maxBlockMs: 15 * 60_000,
  capacity: 50_000,
};

interface Entry {
  failures: number;
  firstAt: number;
  lastAt: number;
  blockedUntil: number;
  /** Blocks served so far: the next lasts blockMs × 2^blocks. */
  blocks: number;
}

export type GuessVerdict =
  | { readonly blocked: false }
  | { readonly blocked: true; readonly forMs: number; readonly source: string };

const NOT_BLOCKED: GuessVerdict = { blocked: false };

export class GuessGuard {
  readonly options: GuessGuardOptions;
  readonly #byAccount = new Map<string, Map<string, Entry>>();
  #entries = 0;

  constructor(options: Partial<GuessGuardOptions> = {}) {
    this.options = { ...defaultGuessGuardOptions, ...options };
  }

  /** Whether `remote` ("ip:port") is refused for `account` now. */
  check(account: string, remote: string, now: number): GuessVerdict {
    const sources = this.#byAccount.get(account);
    if (sources === undefined) return NOT_BLOCKED;
    const source = sourceOf(remote);
    const e = sources.get(source);
    if (e === undefined || e.blockedUntil <= now) return NOT_BLOCKED;
    return { blocked: true, forMs: e.blockedUntil - now, source };
  }

  /** A failed digest. Returns the block it started, if it started one. */
  failed(account: string, remote: string, now: number): GuessVerdict {
    let sources = this.#byAccount.get(account);
    if (sources === undefined) {
      if (this.#entries >= this.options.capacity) this.#forgetOldest();
      sources = new Map();
      this.#byAccount.set(account, sources);
    }
    const source = sourceOf(remote);
    let e = sources.get(source);
    if (e === undefined) {
      e = { failures: 0, firstAt: now, lastAt: now, blockedUntil: 0, blocks: 0 };
      sources.set(source, e);
      this.#entries++;
    }
    // Quiet for as long as the longest block: start afresh.
    if (now - e.lastAt > this.options.maxBlockMs) e.blocks = 0;
    if (now - e.firstAt > this.options.windowMs) {
      e.failures = 0;
      e.firstAt = now;
    }
    e.lastAt = now;
    e.failures++;
    if (e.failures < this.options.maxFailures) return NOT_BLOCKED;
    const forMs = Math.min(this.options.blockMs * 2 ** e.blocks, this.options.maxBlockMs);
    e.blocks++;
    e.failures = 0;
    e.firstAt = now;
    e.blockedUntil = now + forMs;
    return { blocked: true, forMs, source };
  }

  /** A digest that passed: that address's failures for that account are forgiven. */
  succeeded(account: string, remote: string): void {
    const sources = this.#byAccount.get(account);
    if (sources === undefined) return;
    if (sources.delete(sourceOf(remote))) this.#entries--;
    if (sources.size === 0) this.#byAccount.delete(account);
  }

  get size(): number {
    return this.#entries;
  }

  #forgetOldest(): void {
    for (const [account, sources] of this.#byAccount) {
      this.#byAccount.delete(account);
      this.#entries -= sources.size;
      if (this.#entries < this.options.capacity) return;
    }
  }
}

/** The address of "ip:port" or "[v6]:port". */
function sourceOf(remote: string): string {
  const colon = remote.lastIndexOf(':');
  const host = colon > 0 ? remote.slice(0, colon) : remote;
  return host.startsWith('[') ? host.slice(1, -1) : host;
}
