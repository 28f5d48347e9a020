import { beforeEach, describe, expect, it } from 'vitest';
import { composeTenants } from '../../../compose-tenants.ts';
import { createApp } from '../../../edges/http/create-app.ts';
import { seedTenant } from '../../../infrastructure/config/seed-tenant.ts';
import { ManualClock } from '../../../infrastructure/primitives/clock.ts';
import { ClockTimers } from '../../../infrastructure/primitives/timers.ts';
import { Simulator } from '../../../infrastructure/state/simulator.ts';
import type { TenantRuntime } from '../../../infrastructure/state/tenant-runtime.ts';
import { header } from '../core/message.ts';
import { SipService } from '../sip-service.ts';
import { FakeMediaEngine } from '../testing/fake-media-engine.ts';
import { FakePhone } from '../testing/fake-phone.ts';

let sim: Simulator;
let tenant: TenantRuntime;
let sip: SipService;
let phone: FakePhone;
let request: (path: string, init?: RequestInit) => Promise<Response>;

const post = (body: unknown) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

beforeEach(async () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  sim = new Simulator({ clock, realTimers: false });
  sip = new SipService(sim, {
    timers: new ClockTimers(clock, { real: false }),
    media: new FakeMediaEngine(),
  });
  composeTenants(sim, { sip });
  tenant = sim.addTenant(seedTenant(31, { agents: 2 }), 31);
  const app = createApp(sim, { sip });
  request = async (path, init) => app.request(path, init);
  phone = new FakePhone(sip.server, tenant.config.agents[0]!, 'w1');
  await phone.register();
});

describe('/__mock/sip', () => {
  it('lists registrations, per tenant', async () => {
    const res = await request(`/__mock/sip/registrations?tenant=${tenant.id}`);
    expect(await res.json()).toMatchObject({
      registrations: [
        {
          tenant: tenant.id,
          sipAccount: tenant.config.agents[0]!.sipAccount,
          workNo: tenant.config.agents[0]!.workNo,
          transport: 'wss',
          expiresInSec: 600,
        },
      ],
    });
    expect((await request('/__mock/sip/registrations?tenant=nope')).status).toBe(404);
  });

  it('lets registrations expire on the tenant clock, journaling it', async () => {
    tenant.advance(599_000);
    expect(sip.registrations(tenant.id)).toHaveLength(1);
    tenant.advance(1_000);
    expect(sip.registrations(tenant.id)).toEqual([]);
    const events = sim.journal
      .query({ kind: 'state' })
      .flatMap((e) => (e.kind === 'state' && e.entity === 'registration' ? [e.to] : []));
    expect(events).toEqual(['registered', 'expired']);
  });

  it('places a customer call by workNo, lists it, and hangs it up', async () => {
    const agent = tenant.config.agents[0]!;
    const res = await request(
      '/__mock/sip/dial',
      post({
        tenant: tenant.id,
        from: '5551000',
        workNo: agent.workNo,
        behaviour: { source: { kind: 'echo' } },
      }),
    );
    expect(res.status).toBe(201);
    const leg = (await res.json()) as { callId: string; state: string; to: string };
    expect(leg).toMatchObject({ state: 'calling', to: agent.sipAccount });
    const invite = await phone.nextRequest('INVITE');
    phone.respond(invite, 180);
    await expect
      .poll(
        async () =>
          ((await (await request(`/__mock/sip/legs/${leg.callId}`)).json()) as { state: string }).state,
      )
      .toBe('ringing');
    const list = (await (await request(`/__mock/sip/legs?tenant=${tenant.id}`)).json()) as {
      legs: { callId: string }[];
    };
    expect(list.legs.map((l) => l.callId)).toEqual([leg.callId]);
    const hung = await request(`/__mock/sip/legs/${leg.callId}`, { method: 'DELETE' });
    expect(hung.status).toBe(200);
    expect((await phone.nextRequest('CANCEL')).method).toBe('CANCEL');
    const actions = sim.journal.query({ kind: 'control' }).map((e) => (e.kind === 'control' ? e.action : ''));
    expect(actions).toEqual(['sip.dial', 'sip.hangup']);
  });

  it('asks the ringing phone to answer (NOTIFY Event: talk); a refusal or an ended leg is a 409', async () => {
    const agent = tenant.config.agents[0]!;
    const dial = async () => {
      const res = await request('/__mock/sip/dial', post({ tenant: tenant.id, workNo: agent.workNo }));
      const { callId } = (await res.json()) as { callId: string };
      const invite = await phone.nextRequest('INVITE');
      phone.respond(invite, 180);
      await expect
        .poll(
          async () =>
            ((await (await request(`/__mock/sip/legs/${callId}`)).json()) as { state: string }).state,
        )
        .toBe('ringing');
      return { callId, invite };
    };
    const first = await dial();
    const asked = request(`/__mock/sip/legs/${first.callId}/answer`, { method: 'POST' });
    const notify = await phone.nextRequest('NOTIFY');
    expect(header(notify, 'event')).toBe('talk');
    phone.respond(notify, 200);
    phone.respond(first.invite, 200, { sdp: true });
    const answered = await asked;
    expect(answered.status).toBe(200);
    expect(((await answered.json()) as { state: string }).state).toBe('answered');
    await phone.nextRequest('ACK');
    const hangup = request(`/__mock/sip/legs/${first.callId}`, { method: 'DELETE' });
    phone.respond(await phone.nextRequest('BYE'), 200);
    expect((await hangup).status).toBe(200);

    const second = await dial();
    const refused = request(`/__mock/sip/legs/${second.callId}/answer`, { method: 'POST' });
    const notify2 = await phone.nextRequest('NOTIFY');
    phone.respond(notify2, 489);
    const res = await refused;
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      error: { code: 'not-answerable', message: expect.stringContaining('must be answered on the phone') },
    });
    expect((await request('/__mock/sip/legs/nope/answer', { method: 'POST' })).status).toBe(404);
    const actions = sim.journal.query({ kind: 'control' }).map((e) => (e.kind === 'control' ? e.action : ''));
    expect(actions).toEqual(['sip.dial', 'sip.answer', 'sip.hangup', 'sip.dial']);
  });

  it('explains bad requests', async () => {
    const cases: [unknown, number, string][] = [
      [{ tenant: tenant.id }, 400, 'give exactly one of toSipAccount and workNo'],
      [{ tenant: tenant.id, workNo: 1, toSipAccount: 'x' }, 400, 'give exactly one'],
      [{ tenant: tenant.id, workNo: 1, from: 'abc' }, 400, 'from: digits'],
      [{ tenant: tenant.id, workNo: 1, behaviour: { answer: 'maybe' } }, 400, 'behaviour.answer'],
      [{ tenant: 'nope', workNo: 1 }, 404, 'no tenant nope'],
      [{ tenant: tenant.id, workNo: 1 }, 404, 'no such agent'],
    ];
    for (const [body, status, message] of cases) {
      const res = await request('/__mock/sip/dial', post(body));
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain(message);
    }
    expect((await request('/__mock/sip/dial', { method: 'POST', body: '{' })).status).toBe(400);
    expect((await request('/__mock/sip/legs/nope', { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses to hang up an ended leg', async () => {
    const other = tenant.config.agents[1]!;
    const res = await request(
      '/__mock/sip/dial',
      post({ tenant: tenant.id, toSipAccount: other.sipAccount }),
    );
    const { callId } = (await res.json()) as { callId: string };
    await expect
      .poll(
        async () =>
          ((await (await request(`/__mock/sip/legs/${callId}`)).json()) as { endReason?: string }).endReason,
      )
      .toBe('unreachable');
    expect((await request(`/__mock/sip/legs/${callId}`, { method: 'DELETE' })).status).toBe(409);
  });

  it('says so when the SIP side is off, and is described in the OpenAPI', async () => {
    const off = createApp(sim);
    const res = await off.request('/__mock/sip/legs');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('sip-off');
    const doc = (await (await request('/__mock/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/__mock/sip/dial', '/__mock/sip/legs/{callId}', '/__mock/sip/registrations']),
    );
  });
});
