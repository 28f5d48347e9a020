import { describe, expect, it } from 'vitest';
import { CookieJar, DEMO_PASSWORD, testConfig, testDesk } from '../testing/test-desk.ts';

type Desk = Awaited<ReturnType<typeof testDesk>>;

/** Open the form like a browser: keep its cookie, read its hidden token. */
async function openForm(desk: Desk, jar = new CookieJar()) {
  const res = await desk.request('/login', {}, { cookies: jar });
  const csrf = /name="csrf" value="([^"]+)"/.exec(await res.text())?.[1];
  return { jar, csrf: csrf ?? '', res };
}

async function signIn(
  desk: Desk,
  username: string,
  password: string,
  o: { address?: string; origin?: string; csrf?: string; jar?: CookieJar } = {},
) {
  const form = await openForm(desk, o.jar);
  const res = await desk.request(
    '/login',
    {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: o.origin ?? 'https://desk.test',
      },
      body: new URLSearchParams({ csrf: o.csrf ?? form.csrf, username, password }).toString(),
    },
    { address: o.address, cookies: form.jar },
  );
  return {
    res,
    jar: form.jar,
    html: res.headers.get('content-type')?.includes('html') ? await res.text() : '',
  };
}

describe('sign-in', () => {
  it('signs in with the right password and lands on the desk', async () => {
    const desk = await testDesk();
    const { res, jar } = await signIn(desk, 'alice', DEMO_PASSWORD);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/desk');
    const page = await desk.request('/desk', {}, { cookies: jar });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Signed in as <strong>alice</strong> — agent 101 (aaliyah.bosco)');
  });

  it('sets the session cookie __Host-, HttpOnly, Secure, SameSite=Strict', async () => {
    const desk = await testDesk();
    const { res } = await signIn(desk, 'alice', DEMO_PASSWORD);
    const session = res.headers.getSetCookie().find((c) => c.startsWith('__Host-desk_session='));
    expect(session).toBeDefined();
    expect(session).toMatch(/; Path=\//);
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; Secure/);
    expect(session).toMatch(/; SameSite=Strict/);
    expect(session).not.toMatch(/Domain=/);
    const form = await openForm(desk);
    const csrfCookie = form.res.headers.getSetCookie().find((c) => c.startsWith('__Host-login_csrf='));
    expect(csrfCookie).toMatch(/HttpOnly.*Secure.*SameSite=Strict|; Secure.*SameSite=Strict/);
  });

  it('refuses a wrong password without saying which half was wrong', async () => {
    const desk = await testDesk();
    const wrong = await signIn(desk, 'alice', 'Wrong-Pass-2026');
    const unknown = await signIn(desk, 'nobody', DEMO_PASSWORD);
    expect(wrong.res.status).toBe(401);
    expect(unknown.res.status).toBe(401);
    expect(wrong.html).toContain('The user name or password is incorrect.');
    expect(unknown.html).toContain('The user name or password is incorrect.');
    expect(wrong.res.headers.getSetCookie().some((c) => c.startsWith('__Host-desk_session='))).toBe(false);
  });

  it('locks the account after five failures, shows the wait, logs it, and lets it in after the wait', async () => {
    const desk = await testDesk();
    for (let i = 0; i < 4; i++)
      expect((await signIn(desk, 'alice', `Wrong-Pass-${i}x`)).res.status).toBe(401);
    const fifth = await signIn(desk, 'alice', 'Wrong-Pass-5x');
    expect(fifth.res.status).toBe(429);
    expect(fifth.res.headers.get('retry-after')).toBe('30');
    expect(fifth.html).toContain('Sign-in is locked for 30 seconds');
    // The right password does not open a locked account, from another address either.
    const during = await signIn(desk, 'alice', DEMO_PASSWORD, { address: '198.51.100.4' });
    expect(during.res.status).toBe(429);
    expect(desk.logger.lines.filter((l) => l.startsWith('warn sign-in locked'))).toHaveLength(1);
    desk.clock.advance(30_000);
    expect((await signIn(desk, 'alice', DEMO_PASSWORD)).res.status).toBe(303);
  });

  it('locks unknown names too, so the lockout does not reveal which names exist', async () => {
    const desk = await testDesk();
    let last: Response | undefined;
    for (let i = 0; i < 5; i++) last = (await signIn(desk, 'nobody', `Wrong-Pass-${i}x`)).res;
    expect(last?.status).toBe(429);
  });

  it('locks an address that sprays many names', async () => {
    const desk = await testDesk(testConfig({ security: { loginPerMinute: 100 } }));
    for (let i = 0; i < 20; i++)
      await signIn(desk, `user${i}`, 'Wrong-Pass-2026', { address: '198.51.100.8' });
    expect((await signIn(desk, 'alice', DEMO_PASSWORD, { address: '198.51.100.8' })).res.status).toBe(429);
    expect((await signIn(desk, 'alice', DEMO_PASSWORD, { address: '198.51.100.9' })).res.status).toBe(303);
  });

  it('limits sign-in attempts per address per minute', async () => {
    const desk = await testDesk(testConfig({ security: { loginPerMinute: 3 } }));
    for (let i = 0; i < 3; i++) await signIn(desk, 'alice', DEMO_PASSWORD);
    const limited = await signIn(desk, 'alice', DEMO_PASSWORD);
    expect(limited.res.status).toBe(429);
    expect(limited.html).toContain('Too many sign-in attempts from this address.');
    desk.clock.advance(60_000);
    expect((await signIn(desk, 'alice', DEMO_PASSWORD)).res.status).toBe(303);
  });

  it('refuses a post without the form’s CSRF token, or with another one', async () => {
    const desk = await testDesk();
    const missing = await signIn(desk, 'alice', DEMO_PASSWORD, { csrf: '' });
    const forged = await signIn(desk, 'alice', DEMO_PASSWORD, { csrf: 'A'.repeat(43) });
    for (const { res, html } of [missing, forged]) {
      expect(res.status).toBe(403);
      expect(html).toContain('The form had expired.');
    }
  });

  it('refuses a form posted from another site, token or not', async () => {
    const desk = await testDesk();
    const { res } = await signIn(desk, 'alice', DEMO_PASSWORD, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
  });

  it('redirects page views over plain HTTP, and refuses posts without reading them', async () => {
    const desk = await testDesk();
    const page = await desk.request('/login', {}, { tls: false });
    expect(page.status).toBe(308);
    expect(page.headers.get('location')).toBe('https://desk.test:18443/login');
    const post = await desk.request(
      '/login',
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'username=alice&password=x',
      },
      { tls: false },
    );
    expect(post.status).toBe(403);
    expect(await post.text()).toContain('HTTPS only');
    expect(desk.logger.lines.some((l) => l.includes('sign-in failed'))).toBe(false);
  });

  it('refuses an oversized form', async () => {
    const desk = await testDesk();
    const res = await desk.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `username=${'a'.repeat(20_000)}`,
    });
    expect(res.status).toBe(413);
  });

  it('sends the security headers, with a CSP that admits only nonce-bearing scripts', async () => {
    const desk = await testDesk();
    const res = await desk.request('/login');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).toContain('frame-src https://cec.test:8043');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('signs out: the session ends on the server, not only in the browser', async () => {
    const desk = await testDesk();
    const { jar } = await signIn(desk, 'alice', DEMO_PASSWORD);
    const stolen = jar.header();
    const out = await desk.request(
      '/logout',
      { method: 'POST', headers: { origin: 'https://desk.test' } },
      { cookies: jar },
    );
    expect(out.status).toBe(303);
    const replayed = await desk.request('/desk', { headers: { cookie: stolen } });
    expect(replayed.status).toBe(303);
    expect(replayed.headers.get('location')).toBe('/login');
  });
});
