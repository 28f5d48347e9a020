import { answer } from '../../../mock-cec/edges/control/client.ts';
import { connected, customerHears, legOf, phoneHears } from '../../fixtures/audio-proof.ts';
import { expect } from '../../matchers.ts';
import { sipTest as test } from '../e2e-fixtures.ts';

/**
 * SIP.js in Chromium and the simulated customer, through the proxy over
 * secure WebSocket with digest, with the real werift media: audio is proven
 * on both sides by their own counters (Chromium's getStats, the customer's
 * media stats in the control API), never assumed.
 */

test('calls the tone customer (5550100): audio both ways over DTLS-SRTP, then hangs up with BYE', async ({
  phones,
  control,
  journal,
}) => {
  const { phone, callId, start } = await phones.callUp(0, '5550100');
  await phoneHears(phone, start);
  const heard = await customerHears(control, callId);
  const t = await phone.timings();
  test.info().annotations.push({
    type: 'INVITE → established (SIP.js, digest, werift answer)',
    description: `${(t.talking! - t.calling!).toFixed(0)} ms`,
  });
  expect(heard).toMatchObject({ flavour: 'webrtc', dtlsState: 'connected' });
  expect((await legOf(control, callId)).direction).toBe('from-agent');

  await phone.hangup();
  await phone.until('ended');
  await expect.poll(async () => (await legOf(control, callId)).endReason).toBe('agent-hangup');
  expect(await journal('sip')).toContainSequence([
    { kind: 'sip', direction: 'in', callId, firstLine: /^INVITE sip:5550100@/ },
    { kind: 'sip', direction: 'out', callId, firstLine: /^SIP\/2\.0 407 / },
    { kind: 'sip', direction: 'in', callId, firstLine: /^INVITE sip:5550100@/ },
    { kind: 'sip', direction: 'out', callId, transport: 'wss', firstLine: /^SIP\/2\.0 200 / },
    { kind: 'sip', direction: 'in', callId, firstLine: /^ACK / },
    { kind: 'sip', direction: 'in', callId, transport: 'wss', firstLine: /^BYE / },
    { kind: 'sip', direction: 'out', callId, transport: 'wss', firstLine: /^SIP\/2\.0 200 / },
  ]);
  expect(await journal('media')).toContainSequence([
    { kind: 'media', callId, event: 'started', detail: /^webrtc media, tone/ },
    { kind: 'media', callId, event: 'stopped', detail: /received [1-9]\d*, energy [1-9]/ },
  ]);
});

test('calls the echo customer (5550101): it hears its own microphone come back', async ({
  phones,
  control,
}) => {
  const { phone, callId, start } = await phones.callUp(1, '5550101');
  await customerHears(control, callId);
  // What comes back is the fake microphone's beep, echoed: sound, not only packets.
  await phoneHears(phone, start);

  // The customer hangs up (DELETE /__mock/sip/legs/:callId): a BYE reaches the phone.
  const hungUp = await control.sip.legs[':callId'].$delete({ param: { callId } });
  expect(hungUp.status).toBe(200);
  await phone.until('ended');
  expect(await legOf(control, callId)).toMatchObject({ state: 'ended', endReason: 'customer-hangup' });
  expect((await control.sip.legs[':callId'].$delete({ param: { callId } })).status).toBe(409);
});

test('the customer calls the softphone (POST /__mock/sip/dial); the phone answers: audio both ways', async ({
  phones,
  control,
  tenant,
}) => {
  const phone = await phones.register('agent', 2);
  const ringing = phone.until('ringing');
  const dialled = await control.sip.dial.$post({
    json: {
      tenant: tenant.id,
      from: '5551234',
      toSipAccount: tenant.config.agents[2]!.sipAccount,
      behaviour: { source: { kind: 'tone', frequencyHz: 600 } },
    },
  });
  expect(dialled.status).toBe(201);
  if (dialled.status !== 201) return;
  const { callId } = await dialled.json();
  await ringing;
  expect(await phone.callId()).toBe(callId);
  expect((await legOf(control, callId)).state).toBe('ringing');

  await phone.answer();
  await phone.until('talking');
  const start = await connected(phone);
  await phoneHears(phone, start);
  await customerHears(control, callId);
  expect((await legOf(control, callId)).direction).toBe('to-agent');

  await phone.hangup();
  await phone.until('ended');
  await expect.poll(async () => (await legOf(control, callId)).endReason).toBe('agent-hangup');
});

test('the customer asks the ringing phone to answer (NOTIFY Event: talk): audio both ways', async ({
  phones,
  control,
  tenant,
}) => {
  const phone = await phones.register('agent', 3);
  const ringing = phone.until('ringing');
  const body = await answer(
    () => control.sip.dial.$post({ json: { tenant: tenant.id, workNo: tenant.config.agents[3]!.workNo } }),
    'dial',
  );
  await ringing;
  // The bar's Answer button does this through the gateway; the control API offers it directly.
  const param = { param: { callId: body.callId } };
  await answer(() => control.sip.legs[':callId'].answer.$post(param), 'answer');
  await phone.until('talking');
  expect(await phone.log()).toContain('NOTIFY talk');

  const start = await connected(phone);
  await phoneHears(phone, start);
  await customerHears(control, body.callId);

  await control.sip.legs[':callId'].$delete({ param: { callId: body.callId } });
  await phone.until('ended');
});
