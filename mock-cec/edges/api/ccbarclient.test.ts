import { describe, expect, it } from 'vitest';
import { gatewayTestApp } from '../../testing/gateway-test-app.ts';

const PATH = '/service-cloud/ccdesktop/pages/cc-bar/js/ccbarclient.js';
const HOST = 'https://crm.example';

/** A gateway app whose third party (a fault rule standing in for it) answers `reply`. */
function app(reply = '{"retCode":0,"message":"validate success"}') {
  const g = gatewayTestApp(1, (t) => ({ ...t, callback: { ...t.callback, allowedOrigins: [HOST] } }));
  g.sim.faults.add({ api: 'ThirdPartyValidate', action: { do: 'body', body: reply } });
  const account = g.agents[0]!.accountCode;
  const load = (
    body: unknown = { access_token: 'tok', tenantSpaceId: g.tenant.id, userAccount: account },
    path = PATH,
    headers: Record<string, string> = {},
  ) =>
    g.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json;charset=UTF-8', origin: HOST, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  return { ...g, load, account };
}

const ticketOf = (script: string) => /"ticket":"([0-9a-f]+)"/.exec(script)?.[1];

describe('ccbarclient.js', () => {
  it('answers the bar as JavaScript after the token callback accepts, with CORS for an allowed origin', async () => {
    const g = app();
    const res = await g.load();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/javascript;charset=UTF-8');
    expect(res.headers.get('access-control-allow-origin')).toBe(HOST);
    const script = await res.text();
    expect(script).toContain('"framePath":"ccdesktop/pages/cc-bar/ccbar.html"');
    expect(ticketOf(script)).toMatch(/^[0-9a-f]{32}$/);
    expect(() => new Function(script)).not.toThrow();
    expect(g.sim.journal.query({ kind: 'callback' })).toEqual([
      expect.objectContaining({ outcome: 'accepted' }),
    ]);
  });

  it("answers the vendor's 500 text when the callback refuses, or answers retCode as a string", async () => {
    for (const reply of ['{"retCode":1,"message":"bad token"}', '{"retCode":"0"}', 'not json']) {
      const res = await app(reply).load();
      expect(res.status, reply).toBe(500);
      expect(await res.text()).toBe('thridParty validate failed and the errorMessage is null');
      expect(res.headers.get('access-control-allow-origin')).toBe(HOST);
    }
  });

  it('makes no callback for an account the tenant does not have, or an unknown tenant', async () => {
    const g = app();
    expect(
      (await g.load({ access_token: 't', tenantSpaceId: g.tenant.id, userAccount: 'nobody' })).status,
    ).toBe(500);
    expect((await g.load({ access_token: 't', tenantSpaceId: 'nope', userAccount: g.account })).status).toBe(
      500,
    );
    expect(g.sim.journal.query({ kind: 'callback' })).toEqual([]);
    const notes = g.sim.journal.query({ kind: 'http' }).map((e) => (e.kind === 'http' ? e.note : ''));
    expect(notes).toEqual([
      'userAccount nobody is not an accountCode of the tenant',
      'unknown tenantSpaceId nope',
    ]);
  });

  it('refuses a malformed body with 400', async () => {
    const g = app();
    expect((await g.load('{"access_token": 1}')).status).toBe(400);
    expect((await g.load('nope')).status).toBe(400);
  });

  it("answers the vendor's 500 text without an Origin header or for an origin the tenant does not allow, before any callback", async () => {
    const g = app();
    const noOrigin = await g.request(PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json;charset=UTF-8' },
      body: JSON.stringify({ access_token: 'tok', tenantSpaceId: g.tenant.id, userAccount: g.account }),
    });
    expect(noOrigin.status).toBe(500);
    expect(await noOrigin.text()).toBe('thridParty validate failed and the errorMessage is null');
    const stranger = await g.load(undefined, PATH, { origin: 'https://evil.example' });
    expect(stranger.status).toBe(500);
    expect(await stranger.text()).toBe('thridParty validate failed and the errorMessage is null');
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    expect(g.sim.journal.query({ kind: 'callback' })).toEqual([]);
    const notes = g.sim.journal.query({ kind: 'http' }).map((e) => (e.kind === 'http' ? e.note : ''));
    expect(notes).toEqual([
      'no Origin header',
      "origin https://evil.example is not in the tenant's callback.allowedOrigins",
    ]);
  });

  it("allows the reference integration's origin, by IP and by name, by default", async () => {
    const g = gatewayTestApp(1);
    g.sim.faults.add({ api: 'ThirdPartyValidate', action: { do: 'body', body: '{"retCode":0}' } });
    for (const origin of ['https://127.0.0.1:18443', 'https://localhost:18443']) {
      const res = await g.request(PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json;charset=UTF-8', origin },
        body: JSON.stringify({
          access_token: 'tok',
          tenantSpaceId: g.tenant.id,
          userAccount: g.agents[0]!.accountCode,
        }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    }
  });

  it('reads a twice-stringified body and a reverse proxy prefix', async () => {
    const g = app();
    const body = JSON.stringify({ access_token: 'tok', tenantSpaceId: g.tenant.id, userAccount: g.account });
    expect((await g.load(JSON.stringify(body))).status).toBe(200);
    const res = await g.load(undefined, `/cec${PATH}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('/cec/service-cloud/');
  });

  it('answers the preflight for allowed origins only', async () => {
    const g = app();
    const preflight = (origin: string) =>
      g.request(PATH, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const ok = await preflight(HOST);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(HOST);
    expect(ok.headers.get('access-control-allow-headers')).toBe('content-type');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe("the bar's frame", () => {
  it('redeems the ticket once for the four sum_* cookies, and serves the session to them only', async () => {
    const g = app();
    const ticket = ticketOf(await (await g.load()).text())!;
    const framePath = `/service-cloud/ccdesktop/pages/cc-bar/ccbar.html?tenant=${g.tenant.id}&ticket=${ticket}`;
    const frame = await g.request(framePath);
    expect(frame.status).toBe(200);
    expect(await frame.text()).toContain('<title>Contact center bar</title>');
    const cookies = frame.headers.getSetCookie();
    expect(cookies.map((c) => c.split('=')[0])).toEqual([
      'sum_token',
      'sum_sid',
      'sum_refresh_token',
      'sum_atime',
    ]);
    for (const c of cookies) expect(c).toMatch(/; Secure; SameSite=None/);
    const cookie = cookies.map((c) => c.split(';')[0]).join('; ');

    expect((await g.request(framePath)).status).toBe(401);
    expect((await g.request(framePath, { headers: { cookie } })).status).toBe(200);

    const sessionPath = `/service-cloud/ccdesktop/pages/cc-bar/session?tenant=${g.tenant.id}`;
    expect((await g.request(sessionPath)).status).toBe(401);
    const session = await g.request(sessionPath, { headers: { cookie } });
    const agent = g.agents[0]!;
    expect(await session.json()).toMatchObject({
      workNo: agent.workNo,
      accountCode: agent.accountCode,
      phonenum: agent.sipAccount,
      gateway: '/agentgateway/resource',
    });
  });

  it("journals the bar's code and style under the tenant whose frame asked for them", async () => {
    const g = app();
    const ticket = ticketOf(await (await g.load()).text())!;
    const html = await (
      await g.request(
        `/service-cloud/ccdesktop/pages/cc-bar/ccbar.html?tenant=${g.tenant.id}&ticket=${ticket}`,
      )
    ).text();
    // What the browser loads: the frame's own links, relative to the frame.
    const links = [...html.matchAll(/(?:href|src)="(ccbar\.(?:css|js)[^"]*)"/g)].map((m) => m[1]!);
    expect(links).toEqual([`ccbar.css?tenant=${g.tenant.id}`, `ccbar.js?tenant=${g.tenant.id}`]);
    for (const link of links) {
      expect((await g.request(`/service-cloud/ccdesktop/pages/cc-bar/${link}`)).status).toBe(200);
    }
    const assets = g.sim.journal
      .query({ kind: 'http' })
      .filter((e) => e.kind === 'http' && /^ccbar\.ccbar\./.test(e.api));
    expect(assets.map((e) => e.tenant)).toEqual([g.tenant.id, g.tenant.id]);
    // A tenant no one runs names none.
    await g.request('/service-cloud/ccdesktop/pages/cc-bar/ccbar.css?tenant=nobody');
    expect(g.sim.journal.query({ kind: 'http' }).at(-1)).toMatchObject({
      api: 'ccbar.ccbar.css',
      tenant: undefined,
    });
  });

  it('refuses an expired ticket and serves the bar code', async () => {
    const g = app();
    const ticket = ticketOf(await (await g.load()).text())!;
    g.advance(60_000);
    expect(
      (
        await g.request(
          `/service-cloud/ccdesktop/pages/cc-bar/ccbar.html?tenant=${g.tenant.id}&ticket=${ticket}`,
        )
      ).status,
    ).toBe(401);
    const js = await g.request('/service-cloud/ccdesktop/pages/cc-bar/ccbar.js');
    expect(js.headers.get('content-type')).toBe('application/javascript;charset=UTF-8');
    expect(await js.text()).toContain('/agentevent/');
  });
});
