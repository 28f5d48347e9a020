import { describe, expect, it, vi } from 'vitest';
import { getToken, testApp, tokenText } from '../../testing/test-app.ts';

const QAI = '/apiaccess/CC-Management/v1/queryAgentInfo';

describe('faults on the HTTP side', () => {
  it('answers the vendor error for a status rule, then serves normally after `times`', async () => {
    const t = testApp();
    t.sim.faults.add({ api: 'TokenByAkSk', times: 1, action: { do: 'status', status: 500 } });
    const faulted = await getToken(t);
    expect(faulted.status).toBe(500);
    expect(await faulted.json()).toEqual({ error_code: 'CEC.0500', error_msg: 'Internal error' });
    expect((await getToken(t)).status).toBe(200);
    const entries = t.sim.journal.query({ kind: 'fault' });
    expect(entries).toHaveLength(1);
  });

  it('hits only the nth request', async () => {
    const t = testApp();
    t.sim.faults.add({ api: 'TokenByAkSk', nth: 2, action: { do: 'status', status: 429 } });
    expect([(await getToken(t)).status, (await getToken(t)).status, (await getToken(t)).status]).toEqual([
      200, 429, 200,
    ]);
  });

  it('matches by tenant and app key', async () => {
    const t = testApp();
    t.sim.faults.add({ tenant: 'someone-else', action: { do: 'status', status: 503 } });
    t.sim.faults.add({ appKey: 'another-app', action: { do: 'status', status: 503 } });
    expect((await getToken(t)).status).toBe(200);
    t.sim.faults.add({ appKey: t.tenant.config.app.appKey, action: { do: 'status', status: 403 } });
    expect((await getToken(t)).status).toBe(403);
  });

  it('expires every token on demand', async () => {
    const t = testApp();
    const token = await tokenText(t);
    t.sim.faults.add({ api: 'QueryAgentInfo', times: 1, action: { do: 'expire-tokens' } });
    const res = await t.request(QAI, {
      headers: { Authorization: `Bearer ${token}`, 'X-APP-Key': t.tenant.config.app.appKey },
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error_msg: string }).error_msg).toBe('The access token has expired');
  });

  it('answers a cut-short body or a raw body', async () => {
    const t = testApp();
    t.sim.faults.add({ api: 'TokenByAkSk', times: 1, action: { do: 'malformed' } });
    t.sim.faults.add({
      api: 'TokenByAkSk',
      times: 1,
      action: { do: 'body', status: 502, body: '<html>bad gateway</html>', contentType: 'text/html' },
    });
    const cut = await getToken(t);
    expect(cut.status).toBe(200);
    await expect(cut.clone().json()).rejects.toThrow();
    const raw = await getToken(t);
    expect(raw.status).toBe(502);
    expect(await raw.text()).toBe('<html>bad gateway</html>');
  });

  it("delays on the tenant's clock: the answer comes when the clock API moves it, then is handled normally", async () => {
    // A manual clock that nothing else moves: a wall-clock wait would never be answered here.
    const t = testApp();
    t.sim.faults.add({ api: 'TokenByAkSk', action: { do: 'delay', ms: 30_000 } });
    let answered = false;
    const pending = Promise.resolve(getToken(t)).then((res) => {
      answered = true;
      return res;
    });
    await vi.waitFor(() => expect(t.tenant.timers.size).toBe(1));
    const advance = (advanceMs: number) =>
      t.request(`/__mock/tenants/${t.tenant.id}/clock`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ advanceMs }),
      });
    expect((await advance(29_999)).status).toBe(200);
    expect(t.tenant.timers.size).toBe(1);
    expect(answered).toBe(false);
    expect((await advance(1)).status).toBe(200);
    expect((await pending).status).toBe(200);
    const kinds = t.sim.journal.query({}).map((e) => (e.kind === 'control' ? `control ${e.action}` : e.kind));
    expect(kinds.slice(-4)).toEqual(['fault', 'control clock.advance', 'control clock.advance', 'http']);
  });

  it("delays a request of no known tenant on the simulator's own timers", async () => {
    const t = testApp();
    t.sim.faults.add({ api: 'TokenByAkSk', action: { do: 'delay', ms: 5000 } });
    const pending = getToken(t, { body: { app_key: 'nobody', app_secret: 'x' } });
    await vi.waitFor(() => expect(t.sim.timers.size).toBe(1));
    expect(t.tenant.timers.size).toBe(0);
    t.clock.advance(5000);
    t.sim.timers.runDue();
    expect((await pending).status).toBe(401);
  });

  it('turns a handler bug into the vendor 500 and keeps serving', async () => {
    const t = testApp();
    const { tokenByAkSk } = await import('./token-by-ak-sk.ts');
    const original = tokenByAkSk.handle;
    tokenByAkSk.handle = () => {
      throw new Error('bug');
    };
    try {
      const res = await getToken(t);
      expect(res.status).toBe(500);
      expect(await res.text()).not.toContain('bug');
    } finally {
      tokenByAkSk.handle = original;
    }
    expect((await getToken(t)).status).toBe(200);
  });
});
