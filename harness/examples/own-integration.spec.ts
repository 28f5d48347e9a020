/**
 * Testing your own integration: override `deployment` with where your
 * integration and mock-cec run and who your users are; every actor, fixture
 * and matcher then works against them. Here the reference integration,
 * started once for the worker, stands in for "yours", so that this example
 * runs in CI; in your project the URLs and users come from your test setup
 * (harness/README.md, "Your own integration").
 */
import type { Deployment } from '../actors/deployment.ts';
import { referenceDesk } from '../actors/desk-profile.ts';
import { test as base } from '../fixtures.ts';
import { expect } from '../matchers.ts';
import { type Stack, startStack } from '../stack/start-stack.ts';

const test = base.extend<object, { yours: Stack }>({
  yours: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this destructuring
    async ({}, use) => {
      const stack = await startStack({ seed: 7301, agents: 1, scryptLog2N: 10 });
      await use(stack);
      await stack.stop();
    },
    { scope: 'worker' },
  ],
  deployment: async ({ yours }, use) => {
    const agent = yours.tenant.config.agents[0]!;
    const deployment: Deployment = {
      cec: { url: yours.cec.url, ca: yours.cec.ca, tenant: yours.tenant.id },
      sip: { wsUrl: yours.cec.endpoints.sipWsUrl!, domain: '127.0.0.1' },
      // Your page's selectors and texts, where they differ from the reference integration's.
      integration: { url: yours.integration.url, profile: { ...referenceDesk, loginPath: '/login' } },
      users: [
        {
          username: agent.accountCode,
          password: yours.users[0]!.password,
          workNo: agent.workNo,
          accountCode: agent.accountCode,
          sipAccount: agent.sipAccount,
          sipPwd: agent.sipPwd,
        },
      ],
    };
    await use(deployment);
  },
});

test.use({ phone: 'openeye' });

test('an agent of your integration takes a queued call on OpenEye', async ({
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
  await call.hangup();
  await expect(agent).toReachState('Ready');
  await expect(cec.journalSince(since)).toContainSequence([
    { kind: 'event', eventType: 'AgentEvent_Talking' },
    { kind: 'event', eventType: 'AgentEvent_Customer_Release' },
  ]);
});
