import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { testConfig, testDesk } from '../testing/test-desk.ts';
import { issueBarToken } from '../tokens/bar-token.ts';

const PATH = '/rest/cc-management/v1/thirdparty/thirdPartyValidate';

type Desk = Awaited<ReturnType<typeof testDesk>>;

function validate(desk: Desk, body: unknown, address?: string) {
  return desk.request(
    PATH,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    { address },
  );
}

async function issue(desk: Desk, account = 'aaliyah.bosco') {
  return (await issueBarToken(desk.tokens, account, desk.clock.now())).token;
}

const body = (desk: Desk, token: string, userAccount = 'aaliyah.bosco') => ({
  access_token: token,
  tenantSpaceId: desk.config.cec.tenantSpaceId,
  userAccount,
});

async function retCode(res: Response) {
  return ((await res.json()) as { retCode: number }).retCode;
}

describe('the verification API (docs/vendor/verification-api.md)', () => {
  it('answers the vendor’s success for a good token', async () => {
    const desk = await testDesk();
    const res = await validate(desk, body(desk, await issue(desk)));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ retCode: 0, message: 'validate success' });
  });

  it('accepts each token once: a replay is refused', async () => {
    const desk = await testDesk();
    const token = await issue(desk);
    expect(await retCode(await validate(desk, body(desk, token)))).toBe(0);
    const replay = await validate(desk, body(desk, token));
    expect(await replay.json()).toEqual({ retCode: 7, message: 'access_token has already been used' });
  });

  it('refuses an expired token', async () => {
    const desk = await testDesk();
    const token = await issue(desk);
    desk.clock.advance(120_000);
    expect(await retCode(await validate(desk, body(desk, token)))).toBe(4);
  });

  it('refuses a token of another tenant space, and a request for another tenant space', async () => {
    const desk = await testDesk();
    const other = (
      await issueBarToken({ ...desk.tokens, tenantSpaceId: 'other' }, 'aaliyah.bosco', desk.clock.now())
    ).token;
    expect(await retCode(await validate(desk, body(desk, other)))).toBe(5);
    const ours = await issue(desk);
    expect(await retCode(await validate(desk, { ...body(desk, ours), tenantSpaceId: 'other' }))).toBe(5);
  });

  it('refuses a token presented for another account', async () => {
    const desk = await testDesk();
    const token = await issue(desk, 'aaliyah.bosco');
    expect(await retCode(await validate(desk, body(desk, token, 'verdie.halvorson')))).toBe(6);
    // Not consumed by the refused attempt: the rightful request still passes.
    expect(await retCode(await validate(desk, body(desk, token)))).toBe(0);
  });

  it('refuses a tampered token, one signed with another key, and alg "none"', async () => {
    const desk = await testDesk();
    const token = await issue(desk);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'verdie.halvorson' })).toString('base64url');
    const swapped = `${header}.${forged}.${signature}`;
    expect(await retCode(await validate(desk, body(desk, swapped, 'verdie.halvorson')))).toBe(3);

    const otherKey = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'bar+jwt' })
      .sign(Buffer.alloc(32, 99));
    expect(await retCode(await validate(desk, body(desk, otherKey)))).toBe(3);

    const unsecured = new UnsecuredJWT(claims).encode();
    expect(await retCode(await validate(desk, body(desk, unsecured)))).toBe(3);
  });

  it('refuses tokens of the right key but the wrong kind: another issuer, another type, no jti', async () => {
    const desk = await testDesk();
    const now = Math.floor(desk.clock.now() / 1000);
    const sign = (typ: string, build: (j: SignJWT) => SignJWT) =>
      build(new SignJWT({}).setProtectedHeader({ alg: 'HS256', typ }))
        .setAudience(desk.tokens.tenantSpaceId)
        .setSubject('aaliyah.bosco')
        .setIssuedAt(now)
        .setExpirationTime(now + 60)
        .sign(desk.tokens.key);
    const wrongIssuer = await sign('bar+jwt', (j) => j.setIssuer('someone-else').setJti('a'));
    const wrongType = await sign('JWT', (j) => j.setIssuer(desk.tokens.issuer).setJti('b'));
    const noJti = await sign('bar+jwt', (j) => j.setIssuer(desk.tokens.issuer));
    for (const token of [wrongIssuer, wrongType, noJti]) {
      expect(await retCode(await validate(desk, body(desk, token)))).toBe(9);
    }
  });

  it('refuses a malformed token', async () => {
    const desk = await testDesk();
    for (const token of ['not-a-token', 'a.b.c', 'x'.repeat(3000)]) {
      expect(await retCode(await validate(desk, body(desk, token)))).toBe(2);
    }
  });

  it('refuses a body without the three string fields, with HTTP 400', async () => {
    const desk = await testDesk();
    const token = await issue(desk);
    const bodies = [
      {},
      { access_token: token, tenantSpaceId: desk.config.cec.tenantSpaceId },
      { access_token: 42, tenantSpaceId: desk.config.cec.tenantSpaceId, userAccount: 'aaliyah.bosco' },
      [token],
    ];
    for (const b of bodies) {
      const res = await validate(desk, b);
      expect(res.status).toBe(400);
      expect(await retCode(res)).toBe(1);
    }
    const notJson = await desk.request(PATH, { method: 'POST', body: '{"access_token":' });
    expect(await notJson.json()).toEqual({
      retCode: 1,
      message: 'the body must be a JSON object with string access_token, tenantSpaceId and userAccount',
    });
  });

  it('refuses a good token of an agent the CEC no longer lists', async () => {
    const desk = await testDesk();
    const token = await issue(desk, 'verdie.halvorson');
    desk.accounts.markRemoved('verdie.halvorson', 1);
    expect(await retCode(await validate(desk, body(desk, token, 'verdie.halvorson')))).toBe(8);
  });

  it('locks an account after repeated failures of its own signed tokens, visibly and in the log, then lets it through', async () => {
    const desk = await testDesk();
    // Correctly signed, refused on a claim (presented for another tenant space): the signer's failures.
    for (let i = 0; i < 5; i++) {
      const wrong = { ...body(desk, await issue(desk)), tenantSpaceId: 'other' };
      expect(await retCode(await validate(desk, wrong))).toBe(5);
    }
    const good = await issue(desk);
    const locked = await validate(desk, body(desk, good));
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('30');
    expect(await locked.json()).toEqual({ retCode: 10, message: 'too many invalid tokens; try again later' });
    expect(desk.logger.lines.some((l) => l.startsWith('warn bar token checks locked'))).toBe(true);
    // Another agent is not affected; the locked one gets through once the wait is over.
    expect(
      await retCode(
        await validate(desk, body(desk, await issue(desk, 'verdie.halvorson'), 'verdie.halvorson')),
      ),
    ).toBe(0);
    desk.clock.advance(30_000);
    expect(await retCode(await validate(desk, body(desk, good)))).toBe(0);
  });

  it('counts a signed token presented for another account against its signer, not the named one', async () => {
    const desk = await testDesk();
    for (let i = 0; i < 5; i++) {
      const mallory = await issue(desk, 'verdie.halvorson');
      expect(await retCode(await validate(desk, body(desk, mallory, 'aaliyah.bosco')))).toBe(6);
    }
    expect(await retCode(await validate(desk, body(desk, await issue(desk))))).toBe(0);
    const signer = await issue(desk, 'verdie.halvorson');
    expect(await retCode(await validate(desk, body(desk, signer, 'verdie.halvorson')))).toBe(10);
  });

  it('does not lock a named agent out with junk tokens naming it (issue 14, item 3)', async () => {
    const desk = await testDesk(testConfig({ cec: { allowedClientIps: ['198.51.100.0/24'] } }));
    for (let i = 0; i < 17; i++) {
      // Forged: right shape, someone else's key; and plain junk. Both name the victim.
      const forged = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256', typ: 'bar+jwt' })
        .setSubject('aaliyah.bosco')
        .sign(Buffer.alloc(32, i + 7));
      expect(await retCode(await validate(desk, body(desk, forged), '198.51.100.9'))).toBe(3);
      expect(await retCode(await validate(desk, body(desk, `junk${i}`), '198.51.100.9'))).toBe(2);
      expect(await retCode(await validate(desk, body(desk, await issue(desk)), '198.51.100.9'))).toBe(0);
    }
  });

  it('keeps a flood of junk tokens from the CEC’s address from refusing a signed token (issue 14, item 1)', async () => {
    const desk = await testDesk(testConfig({ cec: { allowedClientIps: ['198.51.100.0/24'] } }));
    const cec = '198.51.100.9';
    const statuses = new Map<number, number>();
    for (let wave = 0; wave < 7; wave++) {
      const answers = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          validate(desk, body(desk, `junk-${wave}-${i}`, `user${i}`), cec).then((r) => r.status),
        ),
      );
      for (const s of answers) statuses.set(s, (statuses.get(s) ?? 0) + 1);
    }
    expect(statuses.get(200)).toBe(700); // each refused on its own merits (retCode 2), none shed
    const res = await validate(desk, body(desk, await issue(desk)), cec);
    expect(res.status).toBe(200);
    expect(await retCode(res)).toBe(0);
  });

  it('limits one same junk token repeated, and junk from an address, when anyone may call', async () => {
    const desk = await testDesk();
    for (let i = 0; i < 10; i++)
      expect(await retCode(await validate(desk, body(desk, 'same'), `198.51.100.${i}`))).toBe(2);
    const repeated = await validate(desk, body(desk, 'same'), '198.51.100.200');
    expect(repeated.status).toBe(429);
    expect(await retCode(repeated)).toBe(12);

    for (let i = 0; i < 20; i++) await validate(desk, body(desk, `garbage${i}`, `user${i}`), '203.0.113.50');
    expect(await retCode(await validate(desk, body(desk, 'garbage-again'), '203.0.113.50'))).toBe(10);
    // A correctly signed token from the same address still gets through.
    expect(await retCode(await validate(desk, body(desk, await issue(desk)), '203.0.113.50'))).toBe(0);
  });

  it('with an allow-list, refuses other callers and does not lock the CEC’s own address', async () => {
    const desk = await testDesk(testConfig({ cec: { allowedClientIps: ['198.51.100.0/24'] } }));
    const outside = await validate(desk, body(desk, await issue(desk)), '203.0.113.7');
    expect(outside.status).toBe(403);
    expect(await retCode(outside)).toBe(11);
    for (let i = 0; i < 25; i++) await validate(desk, body(desk, 'garbage', `user${i}`), '198.51.100.9');
    expect(await retCode(await validate(desk, body(desk, await issue(desk)), '::ffff:198.51.100.9'))).toBe(0);
  });

  it('limits the checks of signed tokens per account, not per address', async () => {
    const desk = await testDesk(testConfig({ security: { verificationPerMinute: 3 } }));
    for (let i = 0; i < 3; i++)
      expect(await retCode(await validate(desk, body(desk, await issue(desk))))).toBe(0);
    const limited = await validate(desk, body(desk, await issue(desk)), '198.51.100.3');
    expect(limited.status).toBe(429);
    expect(await retCode(limited)).toBe(12);
    const other = await issue(desk, 'verdie.halvorson');
    expect(await retCode(await validate(desk, body(desk, other, 'verdie.halvorson')))).toBe(0);
    desk.clock.advance(60_000);
    expect(await retCode(await validate(desk, body(desk, await issue(desk))))).toBe(0);
  });

  it('refuses a large body before reading it', async () => {
    const desk = await testDesk();
    const res = await desk.request(PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ access_token: 'x'.repeat(5000) }),
    });
    expect(res.status).toBe(413);
    expect(await retCode(res)).toBe(13);
  });

  it('is HTTPS only', async () => {
    const desk = await testDesk();
    const token = await issue(desk);
    const res = await desk.request(
      PATH,
      { method: 'POST', body: JSON.stringify(body(desk, token)) },
      { tls: false },
    );
    expect(res.status).toBe(403);
    // Refused before it was read: the token was not consumed.
    expect(await retCode(await validate(desk, body(desk, token)))).toBe(0);
  });

  it('never logs a token', async () => {
    const desk = await testDesk();
    const token = await issue(desk);
    await validate(desk, body(desk, token));
    await validate(desk, body(desk, token));
    await validate(desk, body(desk, `${token}x`));
    expect(desk.logger.lines.length).toBeGreaterThanOrEqual(3);
    expect(desk.logger.lines.join('\n')).not.toContain(token.split('.')[2]!);
  });
});
