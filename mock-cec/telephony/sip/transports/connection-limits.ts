/**
 * What a stream listener (SIP over TCP or TLS) allows a client, so that one
 * client cannot take every file descriptor of the process (issue 14: 20,000
 * idle connections stopped HTTPS accepting):
 * - `firstMessageMs`: a connection must deliver a complete message this long
 *   after it opened (the TLS handshake included), and a message once begun
 *   must be complete this long after; idle between messages is fine (a
 *   registered phone keeps its connection for its registration's life);
 * - `maxConnections` in all, and `maxPerSource` from one IP address.
 * The defaults are simulator choices: 30 s (Node's HTTP header deadline
 * is 60 s, Kamailio's tcp_connect_timeout plus its first-request wait are
 * seconds), 4096 in all (Kamailio's tcp_max_connections is 2048), 512 from
 * one address (an office behind one NAT; loopback tests all come from one).
 */
export interface ConnectionLimits {
  readonly firstMessageMs: number;
  readonly maxConnections: number;
  readonly maxPerSource: number;
}

export const defaultConnectionLimits: ConnectionLimits = {
  firstMessageMs: 30_000,
  maxConnections: 4096,
  maxPerSource: 512,
};

/** Counts open connections in all and per source; says why one more is refused. */
export class ConnectionCount {
  #total = 0;
  readonly #bySource = new Map<string, number>();

  constructor(private readonly limits: ConnectionLimits) {}

  /** Count one more from `ip`, or say why not (then nothing is counted). */
  admit(ip: string): string | undefined {
    if (this.#total >= this.limits.maxConnections)
      return `${this.#total} connections open, the most allowed (maxConnections)`;
    const mine = this.#bySource.get(ip) ?? 0;
    if (mine >= this.limits.maxPerSource)
      return `${mine} connections open from ${ip}, the most allowed from one address (maxPerSource)`;
    this.#total++;
    this.#bySource.set(ip, mine + 1);
    return undefined;
  }

  release(ip: string): void {
    const mine = this.#bySource.get(ip);
    if (mine === undefined) return;
    this.#total--;
    if (mine <= 1) this.#bySource.delete(ip);
    else this.#bySource.set(ip, mine - 1);
  }

  get total(): number {
    return this.#total;
  }
}
