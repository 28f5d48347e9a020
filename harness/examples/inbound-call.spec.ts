/**
 * The harness's fixtures and matchers as a team would use them on its own
 * integration (see harness/README.md): one signed-in agent, its phone, a
 * customer, and the simulator's journal. Each test gets a fresh tenant.
 */
import { test } from '../fixtures.ts';
import { expect } from '../matchers.ts';

test('a customer calls the queue; the agent answers on the page’s softphone and both hear each other', async ({
  agent,
  softphone,
  customer,
  cec,
}) => {
  const since = await cec.lastSeq();
  const call = await customer.callQueue();
  await softphone.answer();
  await expect(agent).toReachState('Talking');
  await expect({ phone: softphone, customer: call }).toHaveAudioBothWays();
  await agent.hangup();
  await expect(agent).toReachState('Ready');
  await expect(cec.journalSince(since)).toContainSequence([
    { kind: 'sip', direction: 'out', firstLine: /^INVITE/ },
    { kind: 'event', eventType: 'AgentEvent_Ringing' },
    { kind: 'event', eventType: 'AgentEvent_Talking' },
    { kind: 'event', eventType: 'AgentEvent_Call_Release' },
    // The vendor sends Customer_Release whoever hung up (docs/vendor/agent-events.md).
    { kind: 'event', eventType: 'AgentEvent_Customer_Release' },
    { kind: 'event', eventType: 'AgentState_Ready' },
  ]);
});

test.describe('an agent on OpenEye', () => {
  test.use({ phone: 'openeye' });

  test('answers from the bar: the simulator asks the phone to pick up', async ({
    agent,
    softphone,
    customer,
  }) => {
    const call = await customer.callQueue();
    await agent.answer();
    await expect(agent).toReachState('Talking');
    await expect({ phone: softphone, customer: call }).toHaveAudioBothWays();
    await call.hangup();
    await expect(agent).toReachState('Ready');
  });
});

test('a wrong password is refused with the page’s own message', async ({ desk }) => {
  expect(await desk.login('not-the-password')).toEqual({
    kind: 'refused',
    message: 'The user name or password is incorrect.',
  });
});
