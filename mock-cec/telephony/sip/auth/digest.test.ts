import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitOutside, unquote } from '../core/split-values.ts';
import { answerChallenge, readChallenge } from '../testing/digest-client.ts';
import { CREDENTIAL_PARAMS, digestHa1, digestResponse, parseCredentials } from './digest.ts';
import { DigestAuth } from './digest-auth.ts';
import { NonceBook } from './nonce-book.ts';

describe('digest computation', () => {
  it('matches RFC 7616 §3.9.1 for MD5 and SHA-256', () => {
    const c = {
      nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
      uri: '/dir/index.html',
      nc: '00000001',
      cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
      qop: 'auth',
    };
    const md5 = digestHa1('MD5', 'Mufasa', 'http-auth@example.org', 'Circle of Life');
    expect(digestResponse('MD5', md5, 'GET', c)).toBe('8ca523f5e9506fed4657c9700eebdbec');
    const sha = digestHa1('SHA-256', 'Mufasa', 'http-auth@example.org', 'Circle of Life');
    expect(digestResponse('SHA-256', sha, 'GET', c)).toBe(
      '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
    );
  });

  it('reads credentials as SIP.js writes them', () => {
    const c = parseCredentials(
      'Digest algorithm=MD5, username="88000101", realm="mock-cec", nonce="a.b.c", uri="sip:127.0.0.1", response="ABC", opaque="", qop=auth, cnonce="x1", nc=00000001',
    );
    expect(c).toMatchObject({
      username: '88000101',
      realm: 'mock-cec',
      response: 'abc',
      nc: '00000001',
      qop: 'auth',
    });
    expect(parseCredentials('Basic dXNlcjpwdw==')).toBeUndefined();
    expect(parseCredentials('Digest username="x"')).toBeUndefined();
    expect(parseCredentials('Digest garbage')).toBeUndefined();
  });
});

describe('credentials parsing by index', () => {
  /** The plain reading it replaced: split at commas outside quotes, trim, split at `=`, unquote. */
  function reference(value: string): Record<string, string> | undefined {
    const text = value.trim();
    const m = /^digest\s+/i.exec(text);
    if (!m) return undefined;
    const known: readonly string[] = CREDENTIAL_PARAMS;
    const p: Record<string, string> = {};
    for (const piece of splitOutside(text.slice(m[0].length), ',')) {
      if (piece === '') continue;
      const eq = piece.indexOf('=');
      if (eq <= 0) return undefined;
      const name = piece.slice(0, eq).trim().toLowerCase();
      if (known.includes(name)) p[name] = unquote(piece.slice(eq + 1).trim());
    }
    if (p.username === undefined || p.realm === undefined || !p.nonce || !p.uri || !p.response)
      return undefined;
    return { ...p, response: p.response.toLowerCase(), algorithm: p.algorithm ?? 'MD5' };
  }
  const defined = (c: object | undefined) =>
    c && Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined));

  it('reads whatever it is given as the plain reading does', () => {
    const names = [
      'username',
      'USERNAME',
      'Realm',
      'nonce',
      'uri',
      'response',
      'nc',
      'qop',
      'cnonce',
      'x',
      '',
    ];
    const piece = fc
      .tuple(
        fc.constantFrom(...names),
        fc.constantFrom('', ' ', '\t', '\u00a0'),
        fc.constantFrom('=', '', ' = '),
        fc.oneof(
          fc.string({ maxLength: 8 }),
          fc.string({ maxLength: 6 }).map((v) => `"${v}"`),
        ),
      )
      .map(([n, sp, eq, v]) => `${sp}${n}${sp}${eq}${v}${sp}`);
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 8 }),
        fc.constantFrom('Digest ', 'digest\t', 'Basic '),
        fc.constantFrom('', ' ', '\u00a0', '\t'),
        (pieces, scheme, sp) => {
          // The mandatory ones first, so that most cases are read through rather than refused.
          const required = `${sp}username=${sp}"a b",realm="r"${sp}, NONCE=n,uri=${sp}"sip:x", Response=AB`;
          const value = `${scheme}${required},${pieces.join(',')}`;
          expect(defined(parseCredentials(value))).toEqual(reference(value));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

const alice = { username: '88000101', password: 'Secret123' };
const lookup = (u: string) => (u === alice.username ? alice : undefined);

function setup(algorithms: ('MD5' | 'SHA-256')[] = ['MD5'], capacity?: number) {
  const nonces = new NonceBook({ secret: Buffer.from('test-secret'), ttlMs: 300_000, capacity });
  return new DigestAuth({ realm: 'mock-cec', algorithms, nonces });
}

const uri = 'sip:127.0.0.1';

/** Alice's answer to `challenge` with nonce-count `nc`, checked by `auth` (with `isRetransmission` when given). */
function withCount(auth: ReturnType<typeof setup>, challenge: ReturnType<typeof readChallenge>) {
  return (nc: number, isRetransmission?: () => boolean) =>
    auth.check(
      {
        method: 'REGISTER',
        uri,
        credentials: [answerChallenge(challenge, { ...alice, method: 'REGISTER', uri, nc })],
      },
      'registrar',
      lookup,
      10,
      undefined,
      isRetransmission,
    );
}

function authorised(
  auth: DigestAuth<typeof alice>,
  now: number,
  o: { password?: string; username?: string; nc?: number } = {},
) {
  const first = auth.check({ method: 'REGISTER', uri, credentials: [] }, 'registrar', lookup, now);
  if (first.ok) throw new Error('expected a challenge');
  const challenge = readChallenge(first.headers[0]![1]);
  const header = answerChallenge(challenge, {
    username: o.username ?? alice.username,
    password: o.password ?? alice.password,
    method: 'REGISTER',
    uri,
    nc: o.nc,
  });
  return { challenge, header, first };
}

describe('DigestAuth', () => {
  it('challenges, then lets the right answer through', () => {
    const auth = setup();
    const { first, header } = authorised(auth, 1000);
    expect(first).toMatchObject({ ok: false, why: 'no-credentials', status: 401 });
    expect(first.ok || first.headers[0]).toEqual([
      'WWW-Authenticate',
      expect.stringMatching(/^Digest realm="mock-cec", nonce="[^"]+", algorithm=MD5, qop="auth"$/),
    ]);
    const ok = auth.check({ method: 'REGISTER', uri, credentials: [header] }, 'registrar', lookup, 2000);
    expect(ok).toMatchObject({ ok: true, account: alice, algorithm: 'MD5' });
  });

  it('reads a username user@domain (sipsak sends user@) as the user, digested as sent', () => {
    const auth = setup();
    for (const username of [`${alice.username}@`, `${alice.username}@127.0.0.1`]) {
      const { header } = authorised(auth, 0, { username });
      const ok = auth.check({ method: 'REGISTER', uri, credentials: [header] }, 'registrar', lookup, 1);
      expect(ok).toMatchObject({ ok: true, account: alice });
    }
    const wrong = authorised(auth, 0, { username: `${alice.username}@`, password: 'nope' });
    expect(
      auth.check({ method: 'REGISTER', uri, credentials: [wrong.header] }, 'registrar', lookup, 1),
    ).toMatchObject({ ok: false, why: 'wrong-password' });
  });

  it('answers an unknown user exactly like a wrong password', () => {
    const auth = setup();
    const wrong = authorised(auth, 0, { password: 'nope' });
    const unknown = authorised(auth, 0, { username: '99999999' });
    const a = auth.check({ method: 'REGISTER', uri, credentials: [wrong.header] }, 'registrar', lookup, 1);
    const b = auth.check({ method: 'REGISTER', uri, credentials: [unknown.header] }, 'registrar', lookup, 1);
    expect(a).toMatchObject({ ok: false, why: 'wrong-password' });
    expect(b).toMatchObject({ ok: false, why: 'unknown-user' });
    const shape = (o: typeof a) =>
      o.ok
        ? o
        : { status: o.status, headers: o.headers.map(([n, v]) => [n, v.replace(/nonce="[^"]+"/, '')]) };
    expect(shape(a)).toEqual(shape(b));
  });

  it('refuses a replayed nonce-count and accepts the next one', () => {
    const auth = setup();
    const at = withCount(auth, authorised(auth, 0).challenge);
    expect(at(1).ok).toBe(true);
    expect(at(1)).toMatchObject({ ok: false, why: 'replay' });
    expect(at(2).ok).toBe(true);
    expect(at(2)).toMatchObject({ ok: false, why: 'replay' });
  });

  it('lets the last nonce-count again only for the request that used it, sent again', () => {
    const auth = setup();
    const count = withCount(auth, authorised(auth, 0).challenge);
    const asked: number[] = [];
    const at = (nc: number, sentAgain: boolean) =>
      count(nc, () => {
        asked.push(nc);
        return sentAgain;
      });
    expect(at(1, true)).toMatchObject({ ok: true, repeated: false });
    expect(at(1, true)).toMatchObject({ ok: true, repeated: true });
    expect(at(1, false)).toMatchObject({ ok: false, why: 'replay' });
    expect(at(2, true)).toMatchObject({ ok: true, repeated: false });
    // A count below the last is a replay whatever the request: it is not even asked.
    expect(at(1, true)).toMatchObject({ ok: false, why: 'replay' });
    expect(asked).toEqual([1, 1]);
  });

  it('says stale=true for an old nonce only when the digest is right', () => {
    const auth = setup();
    const good = authorised(auth, 0);
    const bad = authorised(auth, 0, { password: 'nope' });
    const late = 300_001;
    const g = auth.check({ method: 'REGISTER', uri, credentials: [good.header] }, 'registrar', lookup, late);
    expect(g).toMatchObject({ ok: false, why: 'stale-nonce' });
    expect(!g.ok && readChallenge(g.headers[0]![1]).stale).toBe(true);
    const b = auth.check({ method: 'REGISTER', uri, credentials: [bad.header] }, 'registrar', lookup, late);
    expect(!b.ok && readChallenge(b.headers[0]![1]).stale).toBe(false);
  });

  it('makes every nonce stale at once (the expire-nonces fault)', () => {
    const auth = setup();
    const { header } = authorised(auth, 0);
    auth.options.nonces.expireAll();
    expect(
      auth.check({ method: 'REGISTER', uri, credentials: [header] }, 'registrar', lookup, 1),
    ).toMatchObject({
      why: 'stale-nonce',
    });
  });

  it('forgets the oldest used nonces past its capacity, making them stale rather than replayable', () => {
    const auth = setup(['MD5'], 2);
    const answers = [0, 1, 2].map(() => authorised(auth, 0));
    for (const a of answers) {
      expect(
        auth.check({ method: 'REGISTER', uri, credentials: [a.header] }, 'registrar', lookup, 1).ok,
      ).toBe(true);
    }
    expect(auth.options.nonces.remembered).toBe(2);
    const again = answerChallenge(answers[0]!.challenge, { ...alice, method: 'REGISTER', uri, nc: 2 });
    expect(
      auth.check({ method: 'REGISTER', uri, credentials: [again] }, 'registrar', lookup, 1),
    ).toMatchObject({
      why: 'stale-nonce',
    });
  });

  it('refuses forged nonces, other realms, other URIs and algorithms not offered', () => {
    const auth = setup();
    const { header } = authorised(auth, 0);
    const check = (h: string, u = uri) =>
      auth.check({ method: 'REGISTER', uri: u, credentials: [h] }, 'registrar', lookup, 1);
    expect(
      check(header.replace(/nonce="([^"]+)"/, (_m, n: string) => `nonce="${n.slice(0, -2)}xx"`)),
    ).toMatchObject({ why: 'bad-nonce' });
    expect(check(header.replace('realm="mock-cec"', 'realm="other"'))).toMatchObject({
      why: 'bad-credentials',
    });
    expect(check(header.replace(`uri="${uri}"`, 'uri="http://x"'))).toMatchObject({ why: 'bad-credentials' });
    expect(check(header.replace('algorithm=MD5', 'algorithm=SHA-256'))).toMatchObject({
      why: 'bad-credentials',
    });
    expect(check(header.replace('qop=auth, ', ''))).toMatchObject({ why: 'bad-credentials' });
  });

  it('rejects a nonce that is not ours', () => {
    const auth = setup();
    const forged = answerChallenge(
      { realm: 'mock-cec', nonce: 'kx.1.AAAAAAAAAAAAAAAAAAAAAA', algorithm: 'MD5', stale: false },
      { ...alice, method: 'REGISTER', uri },
    );
    expect(
      auth.check({ method: 'REGISTER', uri, credentials: [forged] }, 'registrar', lookup, 1),
    ).toMatchObject({ why: 'bad-nonce' });
  });

  it('offers SHA-256 first when asked, and the proxy challenges with 407', () => {
    const auth = setup(['SHA-256', 'MD5']);
    const first = auth.check({ method: 'INVITE', uri, credentials: [] }, 'proxy', lookup, 0);
    if (first.ok) throw new Error('expected a challenge');
    expect(first.status).toBe(407);
    expect(first.headers.map(([n, v]) => [n, readChallenge(v).algorithm])).toEqual([
      ['Proxy-Authenticate', 'SHA-256'],
      ['Proxy-Authenticate', 'MD5'],
    ]);
    const sha = answerChallenge(readChallenge(first.headers[0]![1]), { ...alice, method: 'INVITE', uri });
    expect(auth.check({ method: 'INVITE', uri, credentials: [sha] }, 'proxy', lookup, 1)).toMatchObject({
      ok: true,
      algorithm: 'SHA-256',
    });
  });
});
