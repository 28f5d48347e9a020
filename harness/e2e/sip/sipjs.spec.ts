import { answer } from '../../../mock-cec/edges/control/client.ts';
import type { SipEntry } from '../../../mock-cec/infrastructure/journal/journal.ts';
import { expect } from '../../matchers.ts';
import { sipTest as test } from '../e2e-fixtures.ts';

/**
 * SIP.js in Chromium against the real simulator over secure WebSocket:
 * digest registration, a call between two agents through the proxy with
 * audio both ways (WebRTC stats), and the remote answer a customer call
 * asks for.
 */
const sipLines = async (journal: (kind: 'sip') => Promise<unknown[]>) => (await journal('sip')) as SipEntry[];

test('SIP.js registers over WSS with digest', async ({ phones, control, tenant, journal }) => {
  await phones.register('a', 0);
  const query = { query: { tenant: tenant.id } };
  const { registrations } = await answer(() => control.sip.registrations.$get(query), 'registrations');
  expect(registrations).toMatchObject([
    { sipAccount: tenant.config.agents[0]!.sipAccount, transport: 'wss' },
  ]);
  expect(registrations[0]!.contact).toMatch(/\.invalid;transport=ws$/);
  const lines = (await sipLines(journal))
    .filter((e) => e.cseq?.endsWith('REGISTER'))
    .map((e) => `${e.direction} ${e.firstLine}`);
  expect(lines).toEqual([
    'in REGISTER sip:127.0.0.1 SIP/2.0',
    'out SIP/2.0 401 Unauthorized',
    'in REGISTER sip:127.0.0.1 SIP/2.0',
    'out SIP/2.0 200 OK',
  ]);
});

test('two SIP.js agents call each other through the proxy and both hear audio', async ({
  phones,
  tenant,
  journal,
}) => {
  const alice = await phones.register('alice', 0);
  const bob = await phones.register('bob', 1);

  const ringing = bob.until('ringing');
  await alice.call(tenant.config.agents[1]!.sipAccount);
  await ringing;
  await bob.answer();
  await Promise.all([alice.until('talking'), bob.until('talking')]);

  // Audio flows both ways: packets and energy rise after answer (NOTES-platform.md, "Proving that audio flows").
  const [a0, b0] = [await alice.audio(), await bob.audio()];
  for (const phone of [alice, bob]) {
    const start = phone === alice ? a0 : b0;
    await expect
      .poll(async () => {
        const s = await phone.audio();
        return s.received.packets > start.received.packets + 25 && s.received.energy > start.received.energy;
      })
      .toBe(true);
    expect((await phone.audio()).dtlsState).toBe('connected');
  }

  await alice.hangup();
  await Promise.all([alice.until('ended'), bob.until('ended')]);
  const methods = (await sipLines(journal))
    .filter((e) => e.direction === 'in' && /^(INVITE|ACK|BYE) /.test(e.firstLine))
    .map((e) => e.firstLine.split(' ')[0]);
  expect(methods).toEqual(['INVITE', 'ACK', 'INVITE', 'ACK', 'BYE']);
});

test('a customer call rings SIP.js, which answers when asked (NOTIFY Event: talk)', async ({
  phones,
  control,
  tenant,
}) => {
  const agent = await phones.register('agent', 2);
  const ringing = agent.until('ringing');
  const dial = {
    tenant: tenant.id,
    from: '5551234',
    toSipAccount: tenant.config.agents[2]!.sipAccount,
    behaviour: { answer: 'answer' as const, source: { kind: 'tone' as const }, mode: 'both' as const },
  };
  const leg = await answer(() => control.sip.dial.$post({ json: dial }), 'dial');
  await ringing;
  // Answers once the phone did (the control API waits for the leg's 200).
  const param = { param: { callId: leg.callId } };
  expect(await answer(() => control.sip.legs[':callId'].answer.$post(param), 'answer')).toMatchObject({
    state: 'answered',
  });
  expect(await agent.log()).toContain('NOTIFY talk');
  await answer(() => control.sip.legs[':callId'].$delete(param), 'hang up');
  await agent.until('ended');
});
