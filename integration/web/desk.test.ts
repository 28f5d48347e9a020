import { describe, expect, it } from 'vitest';
import { CookieJar, DEMO_PASSWORD, testDesk } from '../testing/test-desk.ts';

type Desk = Awaited<ReturnType<typeof testDesk>>;

async function signedIn(desk: Desk): Promise<CookieJar> {
  const jar = new CookieJar();
  const form = await (await desk.request('/login', {}, { cookies: jar })).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(form)![1]!;
  await desk.request(
    '/login',
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://desk.test' },
      body: new URLSearchParams({ csrf, username: 'alice', password: DEMO_PASSWORD }).toString(),
    },
    { cookies: jar },
  );
  return jar;
}

const barToken = (desk: Desk, jar?: CookieJar, contentType = 'application/json') =>
  desk.request(
    '/api/bar-token',
    { method: 'POST', headers: { 'content-type': contentType }, body: '{}' },
    { cookies: jar },
  );

describe('the agent desk', () => {
  it('sends strangers to the login page', async () => {
    const desk = await testDesk();
    const res = await desk.request('/desk');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login');
  });

  it('defines $aicc_ContextPath and tags its scripts with the CSP nonce', async () => {
    const desk = await testDesk();
    const res = await desk.request('/desk', {}, { cookies: await signedIn(desk) });
    const html = await res.text();
    expect(html).toContain('const $aicc_ContextPath = "https://cec.test:8043/service-cloud/";');
    const nonce = /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1];
    const tagged = [...html.matchAll(/<script[^>]*nonce="([^"]+)"/g)].map((m) => m[1]);
    expect(tagged).toEqual([nonce, nonce]);
    expect(html).not.toContain('Ei3xpGcS1Fpy'); // the softphone password never travels in the page
  });

  it('issues a bar token carrying the vendor’s three fields, which the verification API accepts once', async () => {
    const desk = await testDesk();
    const res = await barToken(desk, await signedIn(desk));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const params = (await res.json()) as Record<string, string>;
    expect(Object.keys(params)).toEqual(['access_token', 'tenantSpaceId', 'userAccount']);
    expect(params).toMatchObject({ tenantSpaceId: '202600000001', userAccount: 'aaliyah.bosco' });
    const check = () =>
      desk.request('/rest/cc-management/v1/thirdparty/thirdPartyValidate', {
        method: 'POST',
        body: JSON.stringify(params),
      });
    expect(await (await check()).json()).toEqual({ retCode: 0, message: 'validate success' });
    expect(((await (await check()).json()) as { retCode: number }).retCode).toBe(7);
  });

  it('gives bar tokens only to a signed-in user, and only for a JSON request', async () => {
    const desk = await testDesk();
    expect((await barToken(desk)).status).toBe(401);
    const jar = await signedIn(desk);
    expect((await barToken(desk, jar, 'text/plain')).status).toBe(415);
    desk.accounts.markRemoved('aaliyah.bosco', 1);
    const removed = await barToken(desk, jar);
    expect(removed.status).toBe(409);
    expect(await removed.json()).toEqual({
      error:
        'Your agent account is unknown to the contact center or was removed. Ask an administrator to run a sync.',
    });
  });

  it('hands the softphone credentials to the signed-in user only, never cached', async () => {
    const desk = await testDesk();
    expect((await desk.request('/api/softphone')).status).toBe(401);
    const res = await desk.request('/api/softphone', {}, { cookies: await signedIn(desk) });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({
      wsUrl: 'wss://cec.test:8043/sip',
      aor: 'sip:88000101@cec.test',
      authorizationUsername: '88000101',
      authorizationPassword: 'Ei3xpGcS1Fpy',
      displayName: 'alice',
    });
  });

  it('registers the softphone at the SIP address the last sync reported', async () => {
    const desk = await testDesk();
    desk.accounts.setState('sipServiceIp', '192.0.2.10');
    desk.accounts.setState('sipServicePort', '5060');
    const res = await desk.request('/api/softphone', {}, { cookies: await signedIn(desk) });
    expect(((await res.json()) as { aor: string }).aor).toBe('sip:88000101@192.0.2.10');
  });

  it('serves its script with an ETag', async () => {
    const desk = await testDesk();
    const first = await desk.request('/assets/desk.js');
    expect(first.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const again = await desk.request('/assets/desk.js', {
      headers: { 'if-none-match': first.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
  });
});
