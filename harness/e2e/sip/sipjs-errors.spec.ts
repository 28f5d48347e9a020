import { answer } from '../../../mock-cec/edges/control/client.ts';
import type { StateEntry } from '../../../mock-cec/infrastructure/journal/journal.ts';
import { legOf, phoneHears } from '../../fixtures/audio-proof.ts';
import type { Control } from '../../fixtures/sip-fixtures.ts';
import { expect } from '../../matchers.ts';
import { sipTest as test } from '../e2e-fixtures.ts';

/**
 * Error paths end to end, with SIP.js in Chromium over secure WebSocket:
 * refused registrations (wrong password, a 503 fault), the WebSocket closed
 * mid-call by a fault and the phone coming back, and calls to numbers that
 * cannot be reached.
 */

const registrationsOf = async (control: Control, tenant: string) =>
  (await answer(() => control.sip.registrations.$get({ query: { tenant } }), 'registrations')).registrations;

test('a wrong password gets 401 twice and no registration', async ({ phones, control, tenant, journal }) => {
  const phone = await phones.create('agent', 0, { sipPwd: 'not-the-password' });
  await expect(phone.register()).rejects.toThrow(/registration refused/);
  expect(await phone.registererState()).toBe('Unregistered');
  expect((await phone.log()).filter((l) => l.startsWith('register rejected'))).toEqual([
    'register rejected 401',
  ]);
  const lines = (await journal('sip'))
    .filter((e) => e.kind === 'sip' && e.cseq?.endsWith('REGISTER'))
    .map((e) => (e.kind === 'sip' ? `${e.direction} ${e.firstLine.replace(/ sip:.*/, '')}` : ''));
  expect(lines).toEqual([
    'in REGISTER',
    'out SIP/2.0 401 Unauthorized',
    'in REGISTER',
    'out SIP/2.0 401 Unauthorized',
  ]);
  expect(await registrationsOf(control, tenant.id)).toEqual([]);
});

test('a fault answers REGISTER with 503; the next attempt registers', async ({
  phones,
  control,
  tenant,
  journal,
}) => {
  const rule = await control.faults.$post({
    json: {
      on: 'sip',
      tenant: tenant.id,
      sipMethod: 'REGISTER',
      times: 1,
      action: { do: 'sip-status', status: 503 },
    },
  });
  expect(rule.status).toBe(201);
  const phone = await phones.create('agent', 0);
  await expect(phone.register()).rejects.toThrow(/registration refused/);
  expect(await phone.log()).toContain('register rejected 503');
  expect(await registrationsOf(control, tenant.id)).toEqual([]);
  expect(await journal('fault')).toContainSequence([{ kind: 'fault', action: 'sip-status 503' }]);

  await phone.register();
  expect(await phone.registererState()).toBe('Registered');
  expect(await registrationsOf(control, tenant.id)).toHaveLength(1);
});

test('a fault closes the WebSocket mid-call: the binding goes, the phone reconnects and registers again, the call goes on', async ({
  phones,
  control,
  tenant,
  journal,
}) => {
  const { phone, callId, start } = await phones.callUp(1, '5550100');
  await phoneHears(phone, start);

  await control.faults.$post({
    json: {
      on: 'sip',
      tenant: tenant.id,
      sipMethod: 'REGISTER',
      times: 1,
      action: { do: 'close-connection' },
    },
  });
  // A refresh, as phones send before their registration expires, meets the fault.
  await phone.refreshRegistration();
  await phone.untilLogged('^disconnected by the server$');
  await phone.untilLogged('^reconnected$');
  await phone.untilLogged('^register accepted$', 2);

  const account = tenant.config.agents[1]!.sipAccount;
  const registrations = (await journal('state')).filter(
    (e): e is StateEntry => e.kind === 'state' && e.entity === 'registration' && e.id === account,
  );
  expect(registrations.map((e) => e.to)).toEqual(['registered', 'flow-closed', 'registered']);
  const [first, , again] = registrations;
  expect(again!.reason).not.toBe(first!.reason); // the same contact, over a new WebSocket
  expect(await registrationsOf(control, tenant.id)).toHaveLength(1);

  // Media never went through the WebSocket: the tone still arrives.
  await phoneHears(phone, await phone.audio());
  // The customer's BYE finds the phone over its new WebSocket (by its registered contact).
  await control.sip.legs[':callId'].$delete({ param: { callId } });
  await phone.until('ended');
  expect((await legOf(control, callId)).endReason).toBe('customer-hangup');
});

test('calling an agent whose softphone is not registered: 480; a number nobody has: 404', async ({
  phones,
  tenant,
}) => {
  const phone = await phones.register('agent', 0);
  await phone.call(tenant.config.agents[2]!.sipAccount);
  await phone.until('ended');
  expect(await phone.rejection()).toMatchObject({ status: 480 });

  await phone.call('5559999');
  await phone.until('ended');
  expect(await phone.rejection()).toMatchObject({ status: 404 });
});

test.describe('a customer whose audio file is missing', () => {
  test.use({ customers: { '5550190': { source: { kind: 'file', path: '/no/such/greeting.wav' } } } });

  test("answers 500 with a Warning saying why (MediaError.sipStatus), not the offer's fault", async ({
    phones,
    control,
  }) => {
    const phone = await phones.register('agent', 0);
    await phone.call('5550190');
    await phone.until('ended');
    const rejection = await phone.rejection();
    expect(rejection).toMatchObject({ status: 500 });
    expect(rejection?.warning).toMatch(/^399 mock-cec ".*greeting\.wav/);
    const leg = await legOf(control, (await phone.callId())!);
    expect(leg).toMatchObject({ endReason: 'failed', endStatus: 500 });
  });
});
