import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedTenant } from '../../mock-cec/infrastructure/config/seed-tenant.ts';
import { type MockCec, startMockCec } from '../../mock-cec/start-mock-cec.ts';
import { FakeMediaEngine } from '../../mock-cec/telephony/sip/testing/fake-media-engine.ts';
import { watchLegs } from './leg-watch.ts';
import { SipControlClient } from './sip-control-client.ts';

let cec: MockCec;
let dir: string;
let control: SipControlClient;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mock-cec-control-client-'));
  cec = await startMockCec({
    certDir: dir,
    tenants: [{ config: seedTenant(63, { agents: 2 }), seed: 63 }],
    sip: { port: 0 },
    media: new FakeMediaEngine(),
  });
  control = new SipControlClient(cec.url, cec.cert!.ca);
});

afterAll(async () => {
  await control?.close();
  await cec?.close();
  await rm(dir, { recursive: true, force: true });
});

it('reads registrations and legs, dials and hangs up over HTTPS, trusting the dev CA', async () => {
  const tenant = cec.sim.tenants()[0]!;
  const agent = tenant.config.agents[0]!;
  expect(await control.registrations(tenant.id)).toEqual({ ok: true, value: [] });
  const dialled = await control.dial({ tenant: tenant.id, from: '5551234', toSipAccount: agent.sipAccount });
  expect(dialled).toMatchObject({ ok: true, value: { to: agent.sipAccount, state: 'calling' } });
  const callId = dialled.ok ? dialled.value.callId : '';
  // No phone is registered: the leg ends unreachable, and hanging it up is a 409 with the API's message.
  const watch = await watchLegs(control, tenant.id, [callId], (l) => l.state === 'ended', 5_000, 10);
  expect(watch.pending).toEqual([]);
  expect(watch.legs.get(callId)).toMatchObject({ endReason: 'unreachable' });
  expect(await control.hangup(callId)).toMatchObject({ ok: false, status: 409 });
});

it('says what went wrong: the API refusing, and the wire failing', async () => {
  expect(await control.legs('nope')).toMatchObject({ ok: true, value: [] });
  expect(await control.registrations('nope')).toEqual({
    ok: false,
    status: 404,
    error: 'GET /__mock/sip/registrations?tenant=nope: 404 no tenant nope',
  });
  const untrusting = new SipControlClient(cec.url);
  const refused = await untrusting.registrations('x');
  await untrusting.close();
  expect(refused.ok).toBe(false);
  expect(refused).not.toHaveProperty('status');
  expect(!refused.ok && refused.error).toMatch(/cannot be reached \(.*certificate/);
});
