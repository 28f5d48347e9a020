import { customerHears, legOf, phoneHears } from '../../fixtures/audio-proof.ts';
import { expect } from '../../matchers.ts';
import { sipTest as test } from '../e2e-fixtures.ts';

/**
 * The magic customer numbers (config/customer-schema.ts) against SIP.js in
 * Chromium with real media: busy, never answers, hangs up by itself, silent
 * line, one-way audio, and a media fault. Each "nothing arrives" claim is
 * checked only after something else proved that time passed with media
 * flowing (the other direction's packets), never after a sleep.
 */

test('busy (5550102): 486 Busy Here reaches the phone', async ({ phones, control }) => {
  const phone = await phones.register('agent', 0);
  await phone.call('5550102');
  await phone.until('ended');
  expect(await phone.rejection()).toMatchObject({ status: 486 });
  const leg = await legOf(control, (await phone.callId())!);
  expect(leg).toMatchObject({ state: 'ended', endReason: 'rejected', endStatus: 486 });
});

test('never answers (5550103): the phone gives up with CANCEL and gets 487', async ({
  phones,
  control,
  journal,
}) => {
  const phone = await phones.register('agent', 1);
  await phone.call('5550103', { ringTimeoutMs: 1500 });
  const callId = (await phone.callId())!;
  await expect.poll(async () => (await legOf(control, callId)).state).toBe('ringing');
  await phone.untilLogged('^rejected 487$');
  expect(await phone.rejection()).toMatchObject({ status: 487 });
  expect(await legOf(control, callId)).toMatchObject({ endReason: 'cancelled', endStatus: 487 });
  expect(await journal('sip')).toContainSequence([
    { kind: 'sip', direction: 'out', callId, transport: 'wss', firstLine: /^SIP\/2\.0 180 / },
    { kind: 'sip', direction: 'in', callId, transport: 'wss', firstLine: /^CANCEL / },
    { kind: 'sip', direction: 'out', callId, cseq: /CANCEL$/, firstLine: /^SIP\/2\.0 200 / },
    { kind: 'sip', direction: 'out', callId, transport: 'wss', firstLine: /^SIP\/2\.0 487 / },
  ]);
});

test('hangs up after 5 s (5550104) of the tenant clock: BYE reaches the phone', async ({
  phones,
  control,
  tenant,
}) => {
  const { phone, callId, start } = await phones.callUp(2, '5550104');
  await phoneHears(phone, start);
  expect(await phone.state()).toBe('talking');

  // The hang-up waits on the tenant's clock: moving it 5 s on ends the call now.
  const moved = await control.tenants[':id'].clock.$post({
    param: { id: tenant.id },
    json: { advanceMs: 5000 },
  });
  expect(moved.status).toBe(200);
  await phone.until('ended');
  const leg = await legOf(control, callId);
  expect(leg.endReason).toBe('customer-hangup');
  expect(leg.endedAt! - leg.answeredAt!).toBeGreaterThanOrEqual(5000);
});

test('silent line (5550105): packets reach Chromium, their energy stays ~0', async ({ phones, control }) => {
  const { phone, callId, start } = await phones.callUp(3, '5550105');
  await expect
    .poll(async () => (await phone.audio()).received.packets)
    .toBeGreaterThan(start.received.packets + 50);
  expect((await phone.audio()).received.energy - start.received.energy).toBeLessThan(1e-6);
  // The customer still hears the phone: only its mouth is muted.
  await customerHears(control, callId);
  await phone.hangup();
});

test('one-way audio (5550106): the phone hears the tone, the customer receives nothing', async ({
  phones,
  control,
}) => {
  const { phone, callId, start } = await phones.callUp(0, '5550106');
  await phoneHears(phone, start);
  // The phone has been sending its microphone all along…
  await expect.poll(async () => (await phone.audio()).sent.packets).toBeGreaterThan(start.sent.packets + 50);
  // …and the customer counted none of it.
  const media = (await legOf(control, callId)).media!;
  expect(media).toMatchObject({ packetsReceived: 0, audioEnergyReceived: 0, dtlsState: 'connected' });
  expect(media.packetsSent).toBeGreaterThan(0);
  await phone.hangup();
});

test('a media fault makes the tone customer one-way-in: it hears the phone, sends nothing', async ({
  phones,
  control,
  tenant,
  journal,
}) => {
  const rule = await control.faults.$post({
    json: {
      on: 'media',
      tenant: tenant.id,
      action: { do: 'media', mode: 'one-way-in' },
    },
  });
  expect(rule.status).toBe(201);
  const { phone, callId } = await phones.callUp(1, '5550100');
  await customerHears(control, callId);
  expect((await phone.audio()).received.packets).toBe(0);
  expect(await journal('fault')).toContainSequence([{ kind: 'fault', action: 'media one-way-in' }]);
  await phone.hangup();
});
