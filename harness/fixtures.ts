/**
 * Playwright fixtures for testing a CEC integration against mock-cec, one
 * file per actor (harness/fixtures/), composed here with `test.extend`:
 *
 *   import { test } from '../harness/fixtures.ts';
 *   import { expect } from '../harness/matchers.ts';
 *
 *   test('a queued call reaches the agent', async ({ agent, softphone, customer }) => {
 *     const call = await customer.callQueue();
 *     await softphone.answer();
 *     await expect({ phone: softphone, customer: call }).toHaveAudioBothWays();
 *   });
 *
 * Worker-scoped: one simulator, one page bundle, one softphone server.
 * Test-scoped: `stack` (a fresh tenant and integration), `deployment`, `cec`,
 * `desk`, `agent`, `softphone`, `customer`, each cleaned up after the test.
 * Options: `stackOptions` (seed, agents, tenant and integration changes) and
 * `phone` ('desk' | 'openeye'). See harness/README.md.
 */
import { test as base } from '@playwright/test';
import { type AgentTestFixtures, agentFixtures } from './fixtures/agent-fixtures.ts';
import { type CecWorkerFixtures, cecFixtures } from './fixtures/cec-fixtures.ts';
import { type CustomerTestFixtures, customerFixtures } from './fixtures/customer-fixtures.ts';
import { type StackTestFixtures, stackFixtures } from './fixtures/stack-fixtures.ts';

export const test = base
  .extend<object, CecWorkerFixtures>(cecFixtures)
  .extend<StackTestFixtures>(stackFixtures)
  .extend<AgentTestFixtures>(agentFixtures)
  .extend<CustomerTestFixtures>(customerFixtures);

export type { AgentTestFixtures, CecWorkerFixtures, CustomerTestFixtures, StackTestFixtures };
