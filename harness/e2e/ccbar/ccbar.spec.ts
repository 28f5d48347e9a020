/**
 * The connection bar in Chromium, end to end on a real HTTPS simulator: a page
 * written from the vendor's sample loads ccbarclient.js through the token
 * callback, the agent works from the bar, and the page's callback(message)
 * sees the vendor's events in the vendor's order. The SIP side is the fake
 * CustomerCalls (softphones ring at once and honour the remote answer).
 */

import {
  AGENT_HANGS_UP,
  CUSTOMER_HANGS_UP,
  INBOUND_ANSWERED,
  NO_ANSWER,
  OUTBOUND_CONNECTED,
  PHONE_RINGS,
  SIGN_IN_IDLE,
} from '../../../mock-cec/testing/vendor-sequences.ts';
import { expect, seenTypes, test } from '../../fixtures/ccbar-fixtures.ts';

test('loads through the token callback, signs in, goes Busy and Ready, takes a call from the bar', async ({
  page,
  tenant,
  stack,
}) => {
  const t = await tenant();
  const bar = await t.openDesk(page);
  const status = bar.getByRole('status');

  await bar.getByRole('button', { name: 'Sign In' }).click();
  await expect(status).toHaveText('Status: Ready');
  await bar.getByRole('combobox', { name: 'Busy reason' }).selectOption('202');
  await bar.getByRole('button', { name: 'Busy' }).click();
  await expect(status).toHaveText('Status: Busy');
  await bar.getByRole('button', { name: 'Ready' }).click();
  await expect(status).toHaveText('Status: Ready');

  const call = await t.placeCall({ from: '13912345678' });
  await expect(status).toHaveText('Status: Ringing');
  await expect(bar.getByRole('alert').filter({ hasText: 'Incoming call' })).toHaveText(
    'Incoming call from 13912345678',
  );
  await bar.getByRole('button', { name: 'Answer' }).click();
  await expect(status).toHaveText('Status: Talking');
  expect(stack.calls.lastLeg!.answerRequests).toBe(1);
  await bar.getByRole('button', { name: 'Hang Up' }).click();
  await expect(status).toHaveText('Status: Ready');

  await expect
    .poll(() => seenTypes(page))
    .toEqual([
      ...SIGN_IN_IDLE,
      'AgentState_SetNotReady_Success',
      'AgentState_CancelNotReady_Success',
      'AgentState_Ready',
      ...PHONE_RINGS,
      ...INBOUND_ANSWERED,
      ...AGENT_HANGS_UP,
    ]);
  const seen = await page.evaluate(() => window.seen);
  const workNo = String(t.config.agents[0]!.workNo);
  expect(seen.every((e) => e.workNo === workNo)).toBe(true);
  expect(seen[2]!.content).toEqual({ reason: '202' });
  expect(seen.find((e) => e.eventType === 'AgentEvent_Ringing')!.content).toMatchObject({
    caller: '13912345678',
    callid: call.id,
    feature: '0',
    transfer: 'no',
    mediaAbility: '1',
    mediaType: '5',
  });
  expect(seen.find((e) => e.eventType === 'AgentOther_PhoneOffhook')!.content).toEqual({ type: 'main' });
  // The agent hung up: Customer_Release still comes, with the customer's number.
  expect(seen.at(-3)!.content).toEqual({ callid: call.id, number: '13912345678' });
  expect(seen.at(-2)!.content).toEqual({ phoneState: 2 });

  // The bar's cookies live on the CEC's origin, and the callback was journaled.
  const names = (await page.context().cookies(stack.cec.url)).map((c) => c.name).sort();
  expect(names).toEqual(['sum_atime', 'sum_refresh_token', 'sum_sid', 'sum_token']);
  expect(await t.journal('callback')).toEqual([expect.objectContaining({ outcome: 'accepted' })]);
});

test('reports the customer hanging up, in the vendor order', async ({ page, tenant }) => {
  const t = await tenant();
  const bar = await t.openDesk(page);
  await bar.getByRole('button', { name: 'Sign In' }).click();
  await expect(bar.getByRole('status')).toHaveText('Status: Ready');
  const call = await t.placeCall();
  await bar.getByRole('button', { name: 'Answer' }).click();
  await expect(bar.getByRole('status')).toHaveText('Status: Talking');
  await t.hangupCall(call.id);
  await expect(bar.getByRole('status')).toHaveText('Status: Ready');
  await expect(bar.getByRole('alert').filter({ hasText: 'hung up' })).toHaveText('The customer hung up');
  await expect.poll(async () => (await seenTypes(page)).slice(-4)).toEqual(CUSTOMER_HANGS_UP);
});

test('places a Call Out asked for by the host page, only after sign-in', async ({ page, tenant }) => {
  const t = await tenant();
  const bar = await t.openDesk(page);
  const callout = (param: unknown) =>
    page.evaluate(
      (p) =>
        window.frames['ccbarclient' as unknown as number]!.postMessage({ name: 'callout', param: p }, '*'),
      param,
    );
  await callout(['13700000000', 'audio']);
  await expect(bar.getByRole('alert').filter({ hasText: 'Sign in' })).toHaveText(
    'Sign in before calling out',
  );

  await bar.getByRole('button', { name: 'Sign In' }).click();
  await expect(bar.getByRole('status')).toHaveText('Status: Ready');
  await callout({ number: '13700000000', mode: 'audio' });
  await expect(bar.getByRole('alert').filter({ hasText: 'ringing' })).toHaveText(
    'Your phone is ringing to call 13700000000',
  );
  await bar.getByRole('button', { name: 'Answer' }).click();
  await expect(bar.getByRole('status')).toHaveText('Status: Talking');
  await bar.getByRole('button', { name: 'Hang Up' }).click();
  await expect(bar.getByRole('status')).toHaveText('Status: Ready');
  await expect
    .poll(() => seenTypes(page))
    .toEqual([...SIGN_IN_IDLE, ...PHONE_RINGS, ...OUTBOUND_CONNECTED, ...AGENT_HANGS_UP]);

  // A video call: every simulated tenant is voice-only, and the bar says why it was refused.
  await callout(['13700000000', 'video']);
  await expect(bar.getByRole('alert').filter({ hasText: 'video' })).toContainText('(200-002)');
  await expect(bar.getByRole('status')).toHaveText('Status: Ready');
});

test('tells the page of the sign-out: AgentOther_ShutdownService reaches its callback', async ({
  page,
  tenant,
}) => {
  const t = await tenant();
  const bar = await t.openDesk(page);
  await bar.getByRole('button', { name: 'Sign In' }).click();
  await expect(bar.getByRole('status')).toHaveText('Status: Ready');
  await bar.getByRole('button', { name: 'Sign Out' }).click();
  await expect(bar.getByRole('status')).toHaveText('Status: Offline');
  await expect.poll(async () => (await seenTypes(page)).at(-1)).toBe('AgentOther_ShutdownService');
  const last = await page.evaluate(() => window.seen.at(-1));
  expect(last?.content).toEqual({ loginTime: expect.stringMatching(/^\d+$/) });
  expect((await t.agentStates())[0]).toMatchObject({ state: 'signed-out' });
});

for (const [mode, reason] of [
  ['refuse', 'retCode 1: invalid token'],
  ['hang', 'no answer within 1500 ms'],
  ['string', 'retCode is the string "0"; it must be the integer 0'],
] as const) {
  test(`does not load the bar when the verification API ${mode === 'hang' ? 'times out' : `answers ${mode}`}`, async ({
    page,
    tenant,
  }) => {
    const t = await tenant();
    t.setVerifyMode(mode);
    await page.goto(t.deskUrl(0));
    await expect(page.locator('#bar-status')).toHaveText(
      'The contact center bar did not load: HTTP 500 thridParty validate failed and the errorMessage is null',
    );
    await expect(page.locator('iframe[name="ccbarclient"]')).toHaveCount(0);
    const [entry] = await t.journal('callback');
    expect(entry).toMatchObject({ outcome: mode === 'refuse' ? 'refused' : 'failed' });
    expect(entry!.reason).toBe(`${t.config.agents[0]!.accountCode}: ${reason}`);
  });
}

test('goes Offline when the GUID expires', async ({ page, tenant }) => {
  // A GUID that lives 30 s and would rotate only after 60 s: it expires while the agent is still signed in.
  const t = await tenant((c) => ({
    ...c,
    gateway: { ...c.gateway, guidTtlMs: 30_000, guidRotateMs: 60_000 },
  }));
  const bar = await t.openDesk(page);
  await bar.getByRole('button', { name: 'Sign In' }).click();
  await expect(bar.getByRole('status')).toHaveText('Status: Ready');
  await t.advance(31_000);
  await expect(bar.getByRole('status')).toHaveText('Status: Offline');
  await expect(bar.getByRole('alert').filter({ hasText: 'Session ended' })).toHaveText(
    'Session ended: No permission: the guid is expired (000-003)',
  );
  expect((await t.agentStates())[0]).toMatchObject({ state: 'idle' });
});

test('is signed out when not polled for 2 minutes', async ({ page, tenant }) => {
  const t = await tenant();
  const bar = await t.openDesk(page);
  await bar.getByRole('button', { name: 'Sign In' }).click();
  await expect(bar.getByRole('status')).toHaveText('Status: Ready');
  await t.advance(121_000);
  await expect(bar.getByRole('status')).toHaveText('Status: Offline');
  // The next poll still collects AgentOther_ShutdownService, so the page hears of it too.
  await expect(bar.getByRole('alert').filter({ hasText: 'Signed out' })).toContainText('not polled in time');
  await expect.poll(async () => (await seenTypes(page)).at(-1)).toBe('AgentOther_ShutdownService');
  expect((await t.agentStates())[0]).toMatchObject({ state: 'signed-out' });
  const agentStates = (await t.journal('state')).filter((e) => e.entity === 'agent');
  expect(agentStates.at(-1)).toMatchObject({ to: 'signed-out', reason: 'not polled for 120000 ms' });
});

test('re-queues an unanswered call to a second agent, the first set Busy', async ({ browser, tenant }) => {
  const t = await tenant();
  const [first, second] = [await browser.newContext(), await browser.newContext()];
  const [p1, p2] = [await first.newPage(), await second.newPage()];
  const bar1 = await t.openDesk(p1, 0);
  const bar2 = await t.openDesk(p2, 1);
  await bar1.getByRole('button', { name: 'Sign In' }).click();
  await expect(bar1.getByRole('status')).toHaveText('Status: Ready');
  await bar2.getByRole('button', { name: 'Sign In' }).click();
  await expect(bar2.getByRole('status')).toHaveText('Status: Ready');

  await t.placeCall();
  await expect(bar1.getByRole('status')).toHaveText('Status: Ringing');
  await t.advance(t.config.acd.ringTimeoutMs);
  await expect(bar1.getByRole('status')).toHaveText('Status: Busy');
  await expect(bar1.getByRole('alert').filter({ hasText: 'Missed call' })).toBeVisible();
  await expect(bar2.getByRole('status')).toHaveText('Status: Ringing');
  await bar2.getByRole('button', { name: 'Answer' }).click();
  await expect(bar2.getByRole('status')).toHaveText('Status: Talking');

  await expect.poll(async () => (await seenTypes(p1)).slice(2)).toEqual([...PHONE_RINGS, ...NO_ANSWER]);
  const missed = await p1.evaluate(() => window.seen.at(-1));
  expect(missed?.content).toEqual({ reason: '2' });
  await expect
    .poll(async () => (await seenTypes(p2)).slice(2))
    .toEqual([...PHONE_RINGS, ...INBOUND_ANSWERED]);
  await first.close();
  await second.close();
});
