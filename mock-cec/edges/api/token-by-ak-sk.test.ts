import { describe, expect, it } from 'vitest';
import { getToken, testApp } from '../../testing/test-app.ts';

describe('TokenByAkSk', () => {
  it('answers the seven documented fields, every value a string', async () => {
    const t = testApp();
    const res = await getToken(t, { headers: { 'X-Token-Expire': '1200' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([
      'AccessToken',
      'AppKey',
      'ApplyType',
      'CreateTime',
      'Expires',
      'Scope',
      'UserID',
    ]);
    for (const v of Object.values(body)) expect(typeof v).toBe('string');
    expect(body).toMatchObject({
      ApplyType: 'Bearer',
      Expires: '1200',
      AppKey: t.tenant.config.app.appKey,
      UserID: 'Anonymous',
      CreateTime: String(Math.floor(t.clock.now() / 1000)),
    });
    expect(body.AccessToken).toMatch(/^[0-9a-f]{40}$/);
  });

  it('uses the default lifetime without X-Token-Expire and accepts the maximum', async () => {
    const t = testApp();
    expect(((await (await getToken(t)).json()) as { Expires: string }).Expires).toBe('600');
    const max = await getToken(t, { headers: { 'X-Token-Expire': '3600' } });
    expect(((await max.json()) as { Expires: string }).Expires).toBe('3600');
  });

  it.each(['0', '3601', '-5', '60.5', 'abc', ''])('refuses X-Token-Expire %j with 400', async (value) => {
    const t = testApp();
    const res = await getToken(t, { headers: { 'X-Token-Expire': value } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error_code: 'CEC.0400',
      error_msg: 'X-Token-Expire must be an integer from 1 to 3600',
    });
  });

  it('answers a wrong secret and an unknown key identically with 401', async () => {
    const t = testApp();
    const wrongSecret = await getToken(t, {
      body: { app_key: t.tenant.config.app.appKey, app_secret: 'nope' },
    });
    const unknownKey = await getToken(t, { body: { app_key: 'nobody', app_secret: 'nope' } });
    expect(wrongSecret.status).toBe(401);
    expect(unknownKey.status).toBe(401);
    expect(await wrongSecret.text()).toBe(await unknownKey.text());
  });

  it.each([
    [{ app_secret: 's' }, 'app_key is required'],
    [{ app_key: 'k' }, 'app_secret is required'],
    [{ app_key: 42, app_secret: 's' }, 'app_key is required'],
    [{ app_key: '', app_secret: 's' }, 'app_key is required'],
    [[1, 2], 'The request body is not a JSON object'],
  ])('refuses body %j with 400', async (body, message) => {
    const t = testApp();
    const res = await getToken(t, { body });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error_msg: string }).error_msg).toBe(message);
  });

  it('refuses malformed JSON and a wrong content type with 400', async () => {
    const t = testApp();
    const bad = await t.request('/apigovernance/api/oauth/tokenByAkSk', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"app_key": ',
    });
    expect(bad.status).toBe(400);
    const form = await t.request('/apigovernance/api/oauth/tokenByAkSk', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'app_key=a&app_secret=b',
    });
    expect(form.status).toBe(400);
    expect(((await form.json()) as { error_msg: string }).error_msg).toBe(
      'Content-Type must be application/json',
    );
  });

  it('refuses other methods and keeps serving', async () => {
    const t = testApp();
    expect((await t.request('/apigovernance/api/oauth/tokenByAkSk')).status).toBe(404);
    expect((await getToken(t)).status).toBe(200);
  });

  it('refuses a body over the size limit with 413', async () => {
    const t = testApp();
    const big = 'x'.repeat(70 * 1024);
    const res = await t.request('/apigovernance/api/oauth/tokenByAkSk', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': String(big.length + 30) },
      body: JSON.stringify({ app_key: big, app_secret: 's' }),
    });
    expect(res.status).toBe(413);
  });

  it('journals each exchange with its tenant and result', async () => {
    const t = testApp();
    await getToken(t);
    await getToken(t, { body: { app_key: t.tenant.config.app.appKey, app_secret: 'bad' } });
    const http = t.sim.journal.query({ kind: 'http' });
    expect(http.map((e) => [e.kind === 'http' && e.status, e.tenant])).toEqual([
      [200, t.tenant.id],
      [401, t.tenant.id],
    ]);
  });
});
