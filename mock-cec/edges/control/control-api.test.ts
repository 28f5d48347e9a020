import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../infrastructure/journal/journal.ts';
import { gatewayTestApp } from '../../testing/gateway-test-app.ts';
import { getToken, testApp, tokenText } from '../../testing/test-app.ts';

const read = (e: JournalEntry) =>
  e.kind === 'control'
    ? `control ${e.action} ${e.detail ?? ''}`
    : e.kind === 'state'
      ? `state ${e.entity} ${e.id} ${e.to}`
      : e.kind;

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

describe('control API', () => {
  it('reports health', async () => {
    const t = testApp();
    const res = await t.request('/__mock/health');
    expect(await res.json()).toMatchObject({ status: 'ok', tenants: 1 });
  });

  it('creates tenants from a seed, the same seed giving the same tenant', async () => {
    const t = testApp();
    const a = (await (await t.request('/__mock/tenants', json({ seed: 7, agents: 2 }))).json()) as {
      config: unknown;
      tenantSpaceId: string;
    };
    expect(a.tenantSpaceId).toBeDefined();
    expect((await t.request(`/__mock/tenants/${a.tenantSpaceId}`, { method: 'DELETE' })).status).toBe(204);
    const b = (await (await t.request('/__mock/tenants', json({ seed: 7, agents: 2 }))).json()) as {
      config: unknown;
    };
    expect(JSON.stringify(b.config)).toBe(JSON.stringify(a.config));
  });

  it('picks a free seed when none is given, and refuses clashes with 409', async () => {
    const t = testApp(1);
    const created = await t.request('/__mock/tenants', json({}));
    expect(created.status).toBe(201);
    expect(((await created.json()) as { seed: number }).seed).toBe(2);
    const clash = await t.request('/__mock/tenants', json({ seed: 1 }));
    expect(clash.status).toBe(409);
    expect(((await clash.json()) as { error: { code: string } }).error.code).toBe('conflict');
  });

  it('journals tenant.create before the tenant it created (causes first), and not a refused one', async () => {
    const t = testApp(1);
    const heard: string[] = [];
    t.sim.journal.subscribe((e) => heard.push(read(e)));
    const created = await t.request('/__mock/tenants', json({ seed: 4 }));
    expect(created.status).toBe(201);
    const { tenantSpaceId: id } = (await created.json()) as { tenantSpaceId: string };
    expect(t.sim.journal.query({ tenant: id }).map(read)).toEqual([
      'control tenant.create seed 4',
      `state tenant ${id} created`,
    ]);
    expect(heard).toEqual(['control tenant.create seed 4', `state tenant ${id} created`]);
    expect((await t.request('/__mock/tenants', json({ seed: 4 }))).status).toBe(409);
    expect(t.sim.journal.query({ tenant: id })).toHaveLength(2);
  });

  it('creates a tenant from a full body and explains a bad one', async () => {
    const t = testApp();
    const tenant = {
      tenantSpaceId: 'custom',
      app: { appKey: 'k2', appSecret: 's2' },
      agents: [{ workNo: 9001, sipAccount: '9001', sipPwd: 'p', password: 'q', accountCode: 'z' }],
    };
    expect((await t.request('/__mock/tenants', json({ tenant }))).status).toBe(201);
    const bad = await t.request(
      '/__mock/tenants',
      json({ tenant: { ...tenant, tenantSpaceId: 'x2', agents: [] } }),
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^tenant\.agents/);
    expect((await t.request('/__mock/tenants', { method: 'POST', body: '{' })).status).toBe(400);
    expect((await t.request('/__mock/tenants', json({ seed: -1 }))).status).toBe(400);
  });

  it("advances one tenant's clock only", async () => {
    const t = testApp(1);
    const other = await (await t.request('/__mock/tenants', json({ seed: 5 }))).json();
    const token = await tokenText(t);
    const res = await t.request(`/__mock/tenants/${t.tenant.id}/clock`, json({ advanceMs: 601_000 }));
    expect(((await res.json()) as { offsetMs: number }).offsetMs).toBe(601_000);
    const clock = (await (
      await t.request(`/__mock/tenants/${(other as { tenantSpaceId: string }).tenantSpaceId}/clock`)
    ).json()) as { offsetMs: number };
    expect(clock.offsetMs).toBe(0);
    const q = await t.request('/apiaccess/CC-Management/v1/queryAgentInfo', {
      headers: { Authorization: `Bearer ${token}`, 'X-APP-Key': t.tenant.config.app.appKey },
    });
    expect(q.status).toBe(401);
    expect((await t.request(`/__mock/tenants/${t.tenant.id}/clock`, json({ advanceMs: -1 }))).status).toBe(
      400,
    );
  });

  it('adds, lists and clears faults; reset clears a tenant', async () => {
    const t = testApp();
    const added = await t.request(
      '/__mock/faults',
      json({ tenant: t.tenant.id, api: 'TokenByAkSk', action: { do: 'status', status: 500 } }),
    );
    expect(added.status).toBe(201);
    expect((await getToken(t)).status).toBe(500);
    const list = (await (await t.request('/__mock/faults')).json()) as { faults: { applied: number }[] };
    expect(list.faults[0]!.applied).toBe(1);
    await t.request(`/__mock/tenants/${t.tenant.id}/reset`, { method: 'POST' });
    expect((await getToken(t)).status).toBe(200);
    expect((await t.request('/__mock/faults', json({ action: { do: 'nothing' } }))).status).toBe(400);
    expect(
      (await t.request('/__mock/faults', json({ tenant: 'nobody', action: { do: 'drop' } }))).status,
    ).toBe(404);
    expect((await t.request('/__mock/faults/nope', { method: 'DELETE' })).status).toBe(404);
  });

  it('serves the journal filtered, and as NDJSON', async () => {
    const t = testApp();
    await getToken(t);
    const res = await t.request(`/__mock/journal?tenant=${t.tenant.id}&kind=http`);
    const body = (await res.json()) as { entries: { api: string }[] };
    expect(body.entries.map((e) => e.api)).toEqual(['TokenByAkSk']);
    const nd = await (await t.request('/__mock/journal.ndjson?kind=http')).text();
    expect(
      nd
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).api),
    ).toEqual(['TokenByAkSk']);
    expect((await t.request('/__mock/journal?kind=nope')).status).toBe(400);
    expect((await t.request('/__mock/journal?since=x')).status).toBe(400);
  });

  it('writes a test’s step marks into the journal as control entries', async () => {
    const t = testApp();
    const res = await t.request(
      '/__mock/journal',
      json({ tenant: t.tenant.id, action: 'scenario.step', detail: '{"index":0}' }),
    );
    expect(res.status).toBe(201);
    const { seq } = (await res.json()) as { seq: number };
    expect(t.sim.journal.query({ sinceSeq: seq - 1 })).toEqual([
      expect.objectContaining({
        kind: 'control',
        tenant: t.tenant.id,
        action: 'scenario.step',
        detail: '{"index":0}',
      }),
    ]);
    const refused = async (body: unknown) =>
      ((await (await t.request('/__mock/journal', json(body))).json()) as { error: { message: string } })
        .error.message;
    expect(await refused({ action: 'Scenario Step' })).toMatch(/^action: lower-case words/);
    expect(await refused({ tenant: 'nobody', action: 'scenario.step' })).toBe('no tenant nobody');
    expect(await refused({ action: 'x', extra: 1 })).toMatch(/Unrecognized key/);
  });

  it('journals a call placed and hung up before what each caused (causes first), to listeners too', async () => {
    const t = gatewayTestApp(1);
    const heard: string[] = [];
    t.sim.journal.subscribe((e) => heard.push(read(e)));
    const placed = await t.request('/__mock/calls', json({ tenant: t.tenant.id }));
    expect(placed.status).toBe(201);
    const { id } = (await placed.json()) as { id: string };
    expect((await t.request(`/__mock/calls/${id}`, { method: 'DELETE' })).status).toBe(200);
    const entries = t.sim.journal.query({ tenant: t.tenant.id }).map(read);
    const at = (line: string) => entries.indexOf(line);
    expect(at(`control call.place ${id}`)).toBeGreaterThanOrEqual(0);
    expect(at(`control call.place ${id}`)).toBeLessThan(at(`state call ${id} queued`));
    expect(at(`control call.hangup ${id}`)).toBeGreaterThan(at(`state call ${id} queued`));
    expect(at(`control call.hangup ${id}`)).toBeLessThan(at(`state call ${id} ended`));
    expect(heard).toEqual(entries.slice(-heard.length));
  });

  it('describes itself with OpenAPI', async () => {
    const t = testApp();
    const doc = (await (await t.request('/__mock/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toContain('/apigovernance/api/oauth/tokenByAkSk');
    expect(Object.keys(doc.paths)).toContain('/__mock/tenants/{id}/clock');
  });

  it('answers unknown control routes with its own 404', async () => {
    const t = testApp();
    const res = await t.request('/__mock/nothing');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not-found');
  });
});
