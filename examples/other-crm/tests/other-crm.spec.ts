import { expect, test } from 'mock-cec/playwright';

// Other CRM's agents use a desktop softphone; the deployment (URL, desk profile, users) comes from mock-cec.config.yaml.
test.use({ phone: 'openeye' });

test('a wrong secret is refused with Other CRM’s own message', async ({ desk }) => {
  const outcome = await desk.login('not-the-secret');
  expect(outcome).toEqual({ kind: 'refused', message: 'Wrong login or secret.' });
});

test('an agent of Other CRM takes a queued call from the bar, with audio both ways', async ({
  agent,
  softphone,
  customer,
  cec,
}) => {
  const since = await cec.lastSeq();
  const call = await customer.callQueue();
  await agent.answer();
  await expect(agent).toReachState('Talking');
  await expect({ phone: softphone, customer: call }).toHaveAudioBothWays();
  await call.hangup();
  await expect(agent).toReachState('Ready');
  await expect(cec.journalSince(since)).toContainSequence([
    { kind: 'event', eventType: 'AgentEvent_Talking' },
    { kind: 'event', eventType: 'AgentEvent_Customer_Release' },
  ]);
});
