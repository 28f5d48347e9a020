import {
  challengeValue,
  type DigestAlgorithm,
  type DigestCredentials,
  digestHa1,
  digestResponse,
  parseCredentials,
} from './digest.ts';
import type { NonceBook } from './nonce-book.ts';

/**
 * The decision "may this request pass?" for digest authentication (RFC 3261
 * §22). The registrar challenges with 401/WWW-Authenticate, the proxy with
 * 407/Proxy-Authenticate (§22.3). An unknown user and a wrong password get
 * the very same answer, a fresh challenge, so the responses never tell which
 * accounts exist; only the journal (`why`) knows.
 */

export interface AuthAccount {
  readonly username: string;
  readonly password: string;
}

export interface AuthRequest {
  readonly method: string;
  readonly uri: string;
  /** Values of Authorization (registrar) or Proxy-Authorization (proxy). */
  readonly credentials: readonly string[];
}

export type AuthFailure =
  | 'no-credentials'
  | 'unknown-user'
  | 'wrong-password'
  | 'stale-nonce'
  | 'bad-nonce'
  | 'replay'
  | 'bad-credentials';

export type AuthOutcome<A> =
  | {
      readonly ok: true;
      readonly account: A;
      readonly algorithm: DigestAlgorithm;
      /** The last nonce-count used with this nonce, again: a retransmission, as `isRetransmission` said. */
      readonly repeated: boolean;
    }
  | {
      readonly ok: false;
      readonly why: AuthFailure;
      readonly status: 401 | 407;
      readonly headers: readonly (readonly [string, string])[];
    };

export interface DigestAuthOptions {
  /** One realm for the whole simulator, so that it cannot tell accounts apart. [choice] */
  realm: string;
  /** Offered in this order, one challenge each (RFC 8760 §2.4: strongest first). */
  algorithms: readonly DigestAlgorithm[];
  nonces: NonceBook;
}

export class DigestAuth<A extends AuthAccount> {
  /** HA1 per algorithm and username, with the password it was made from (RFC 7616 §3.4.2: computed once). */
  readonly #ha1 = new Map<DigestAlgorithm, Map<string, { password: string; ha1: string }>>();

  constructor(readonly options: DigestAuthOptions) {}

  /**
   * Check a request. `as` says who asks: the registrar (401) or the proxy (407).
   * `lookup` finds the account of a username. `algorithms` narrows what this
   * request's tenant accepts (default: every algorithm of the options).
   * Credentials whose nonce-count was used already are a replay, unless they
   * repeat the last count and `isRetransmission` says the request is the one
   * that used it, sent again (a stateless registrar has no transaction to
   * absorb it, register-handler.ts).
   */
  check(
    req: AuthRequest,
    as: 'registrar' | 'proxy',
    lookup: (username: string) => A | undefined,
    now: number,
    algorithms: readonly DigestAlgorithm[] = this.options.algorithms,
    isRetransmission: () => boolean = never,
  ): AuthOutcome<A> {
    const creds = this.#ours(req.credentials);
    if (!creds)
      return this.#deny(
        as,
        now,
        algorithms,
        req.credentials.length === 0 ? 'no-credentials' : 'bad-credentials',
      );
    const algorithm = offered(algorithms, creds.algorithm);
    // RFC 7616 §3.4: with qop offered, the client must use it; RFC 2069-style answers are refused.
    if (!algorithm || creds.qop?.toLowerCase() !== 'auth' || !creds.cnonce || !NC.test(creds.nc ?? '')) {
      return this.#deny(as, now, algorithms, 'bad-credentials');
    }
    // RFC 2617 §3.2.2.5 says the digest `uri` SHOULD be the Request-URI. A deliberate leniency: sipp
    // digests `sip:<server>:<port>` instead, so any SIP URI is accepted; the nonce-count still stops replays.
    if (!SIP_URI.test(creds.uri)) return this.#deny(as, now, algorithms, 'bad-credentials');
    const nonceState = this.options.nonces.check(creds.nonce, now);
    if (nonceState === 'invalid') return this.#deny(as, now, algorithms, 'bad-nonce');

    // A username `user@domain` (sipsak sends `user@`) names the user's account, and the digest is over
    // the username as sent, as Kamailio's auth module reads it.
    const at = creds.username.indexOf('@');
    const account = lookup(at < 0 ? creds.username : creds.username.slice(0, at));
    // An unknown user costs the same work and gets the same answer as a wrong password.
    const ha1 = !account
      ? digestHa1(algorithm, creds.username, this.options.realm, '\0unknown')
      : at < 0
        ? this.#accountHa1(algorithm, account)
        : digestHa1(algorithm, creds.username, this.options.realm, account.password);
    const expected = digestResponse(algorithm, ha1, req.method, creds);
    if (!account || expected !== creds.response)
      return this.#deny(as, now, algorithms, account ? 'wrong-password' : 'unknown-user');
    // RFC 7616 §3.3: stale=true only when the digest was right but the nonce is old.
    if (nonceState === 'stale') return this.#deny(as, now, algorithms, 'stale-nonce', true);
    const use = this.options.nonces.use(creds.nonce, Number.parseInt(creds.nc!, 16));
    if (use === 'replayed' || (use === 'repeated' && !isRetransmission()))
      return this.#deny(as, now, algorithms, 'replay');
    return { ok: true, account, algorithm, repeated: use === 'repeated' };
  }

  /** Fresh challenges, one per algorithm. */
  challenge(
    as: 'registrar' | 'proxy',
    now: number,
    stale: boolean,
    algorithms: readonly DigestAlgorithm[] = this.options.algorithms,
  ): [string, string][] {
    const name = as === 'registrar' ? 'WWW-Authenticate' : 'Proxy-Authenticate';
    const out: [string, string][] = [];
    for (const a of algorithms)
      out.push([name, challengeValue(this.options.realm, this.options.nonces.issue(now), a, stale)]);
    return out;
  }

  #deny(
    as: 'registrar' | 'proxy',
    now: number,
    algorithms: readonly DigestAlgorithm[],
    why: AuthFailure,
    stale = false,
  ): AuthOutcome<A> {
    return {
      ok: false,
      why,
      status: as === 'registrar' ? 401 : 407,
      headers: this.challenge(as, now, stale, algorithms),
    };
  }

  /** The first credentials for our realm (a client may send several, for several realms). */
  #ours(values: readonly string[]): DigestCredentials | undefined {
    for (const value of values) {
      const c = parseCredentials(value);
      if (c !== undefined && c.realm === this.options.realm) return c;
    }
    return undefined;
  }

  #accountHa1(algorithm: DigestAlgorithm, account: A): string {
    let byUser = this.#ha1.get(algorithm);
    if (!byUser) {
      byUser = new Map();
      this.#ha1.set(algorithm, byUser);
    }
    const known = byUser.get(account.username);
    if (known?.password === account.password) return known.ha1;
    const ha1 = digestHa1(algorithm, account.username, this.options.realm, account.password);
    byUser.set(account.username, { password: account.password, ha1 });
    return ha1;
  }
}

const NC = /^[0-9a-f]{8}$/i;
const never = () => false;
const SIP_URI = /^sips?:/i;

/** The algorithm of the credentials, if offered (names compare without case). */
function offered(algorithms: readonly DigestAlgorithm[], name: string): DigestAlgorithm | undefined {
  for (const a of algorithms) if (a === name || a.toLowerCase() === name.toLowerCase()) return a;
  return undefined;
}
