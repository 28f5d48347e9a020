import type { Page } from '@playwright/test';
import { DESK_EVENTS } from '../../integration/web/client/agent-events.ts';
import { contentProblem } from '../../mock-cec/domain/agents/event-catalogue.ts';
import {
  AGENT_HANGS_UP,
  CUSTOMER_HANGS_UP,
  INBOUND_ANSWERED,
  PHONE_RINGS,
  SIGN_IN_IDLE,
} from '../../mock-cec/testing/vendor-sequences.ts';
import type { Cec } from '../actors/cec.ts';
import { test } from '../fixtures.ts';
import { expect } from '../matchers.ts';
import type { Stack } from '../stack/start-stack.ts';

/**
 * The whole flow of the vendor's integration procedure, nothing faked: the
 * reference integration syncs the agents from the simulated CEC (TokenByAkSk,
 * QueryAgentInfo), a user logs in to its page, the page loads ccbarclient.js
 * from the simulator, which calls the integration's verification API back; the
 * agent signs in from the bar; the page's SIP.js softphone registers over WSS
 * with the softphone number and password the integration synced; a customer
 * call queued in the ACD rings it; it is answered from the bar (remote answer);
 * audio flows both ways (WebRTC stats on the phone, the customer's own
 * counters); hang-up; the agent is Ready again. Each test has a stack of its
 * own (the `stack` fixture: a tenant and an integration on the worker's
 * simulator), read over the wire only (`cec`). The page is driven by hand,
 * not through the actors, so its own words are what is checked.
 */
const subscribed = (eventType: string) => (DESK_EVENTS as readonly string[]).includes(eventType);

async function openDesk(page: Page, stack: Stack, agent = 0) {
  const user = stack.users[agent]!;
  await page.goto(`${stack.integration.url}/login`);
  await page.getByLabel('User name').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#bar-status')).toHaveText(/bar is loaded/);
  await expect(page.locator('#phone-state')).toHaveText('Registered');
  await page.getByRole('button', { name: 'Contact Center' }).click();
  const bar = page.frameLocator('iframe[name="ccbarclient"]');
  await expect(bar.getByRole('button', { name: 'Sign In' })).toBeEnabled();
  return bar;
}

/** The agent events the gateway emitted for one agent, from the journal. */
const eventsOf = async (cec: Cec, workNo: number) =>
  (await cec.journal({ kind: 'event' })).flatMap((e) =>
    e.kind === 'event' && e.workNo === String(workNo) ? [e.eventType] : [],
  );

const seenTypes = (page: Page) => page.evaluate(() => window.agentDesk.events.map((e) => e.eventType));

/** Every event the page's callback received must have its documented content (docs/vendor/agent-events.md). */
async function expectVendorShapes(page: Page) {
  const events = await page.evaluate(() => window.agentDesk.events);
  expect(events.map((e) => contentProblem(e.eventType, e.content)).filter(Boolean)).toEqual([]);
}

/** Inbound packets and audio energy the page's softphone has received so far. */
const phoneHears = (page: Page) =>
  page.evaluate(async () => {
    let packets = 0;
    let energy = 0;
    for (const s of (await window.agentDesk.softphone.peerConnection?.getStats())?.values() ?? []) {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') {
        packets += s.packetsReceived ?? 0;
        energy += s.totalAudioEnergy ?? 0;
      }
    }
    return { packets, energy };
  });

test('a user logs in, the bar loads through the real callback, a queued customer call is answered from the bar with audio both ways', async ({
  page,
  stack,
  cec,
}) => {
  // The page runs under its Content Security Policy without a violation or a script error.
  const cspViolations: string[] = [];
  const errors: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  const bar = await openDesk(page, stack);
  // The CEC called the integration's verification API back, and accepted its answer.
  const callbacks = await cec.journal({ kind: 'callback' });
  expect(callbacks).toEqual([expect.objectContaining({ outcome: 'accepted' })]);
  // The page's softphone registered with the softphone number and password the integration synced (digest).
  const account = stack.users[0]!.agent.sipAccount;
  const register = { kind: 'sip', transport: 'wss', cseq: /REGISTER$/ } as const;
  await expect(cec.journalSince(0)).toContainSequence([
    { ...register, direction: 'in' as const },
    { ...register, direction: 'out' as const, firstLine: /^SIP\/2\.0 401 / },
    { ...register, direction: 'in' as const },
    { ...register, direction: 'out' as const, firstLine: /^SIP\/2\.0 200 / },
  ]);
  await expect(cec.journalSince(0)).toContainSequence([
    { kind: 'state', entity: 'registration', id: account, to: 'registered' },
  ]);

  await bar.getByRole('button', { name: 'Sign In' }).click();
  await expect(bar.getByRole('status')).toHaveText('Status: Ready');
  await expect(page.locator('#agent-state')).toHaveText('Ready');

  const call = await cec.placeCall({
    skillId: 1,
    from: '13912345678',
    behaviour: { source: { kind: 'tone' } },
  });

  // The customer's INVITE reaches the page's softphone, and the bar rings at once.
  await expect(page.locator('#call-state')).toHaveText(/^Ringing/);
  await expect(page.getByRole('alert')).toHaveText(/Incoming call/);
  await bar.getByRole('button', { name: 'Answer' }).click();
  await expect(bar.getByRole('status')).toHaveText('Status: Talking');
  await expect(page.locator('#call-state')).toHaveText(/^In a call/);

  // Audio both ways: the browser hears the customer's tone; the customer hears the fake microphone.
  const before = await phoneHears(page);
  await expect
    .poll(async () => (await phoneHears(page)).packets - before.packets, { timeout: 10_000 })
    .toBeGreaterThan(50);
  await expect
    .poll(async () => (await phoneHears(page)).energy, { timeout: 10_000 })
    .toBeGreaterThan(before.energy);
  const legs = async () => (await cec.legs()).find((l) => l.media)?.media;
  await expect
    .poll(async () => (await legs())?.packetsReceived ?? 0, { timeout: 10_000 })
    .toBeGreaterThan(50);
  await expect
    .poll(async () => (await legs())?.audioEnergyReceived ?? 0, { timeout: 10_000 })
    .toBeGreaterThan(0);

  // One call at a time: a second call to the phone while it talks is refused with 486 Busy Here.
  const second = await cec.dial({ toSipAccount: account });
  await expect.poll(async () => (await cec.leg(second.callId)).state).toBe('ended');
  expect(await cec.leg(second.callId)).toMatchObject({ endReason: 'rejected', endStatus: 486 });
  await expect(page.locator('#call-state')).toHaveText(/^In a call/);

  await bar.getByRole('button', { name: 'Hang Up' }).click();
  await expect(bar.getByRole('status')).toHaveText('Status: Ready');
  await expect(page.locator('#call-state')).toHaveText('');
  // The gateway emitted the vendor's whole sequence; the page hears the events it subscribed to
  // with eventpost (docs/vendor/ccbarclient.md), in the same order and the vendor's shapes.
  const vendorOrder = [...SIGN_IN_IDLE, ...PHONE_RINGS, ...INBOUND_ANSWERED, ...AGENT_HANGS_UP];
  await expect.poll(() => eventsOf(cec, stack.users[0]!.agent.workNo)).toEqual(vendorOrder);
  await expect.poll(() => seenTypes(page)).toEqual(vendorOrder.filter(subscribed));
  await expectVendorShapes(page);
  const release = await page.evaluate(() =>
    window.agentDesk.events.find((e) => e.eventType === 'AgentEvent_Customer_Release'),
  );
  expect(release?.content).toEqual({ callid: call.id, number: '13912345678' });
  expect((await cec.calls()).find((c) => c.id === call.id)?.state).toBe('ended');
  expect(cspViolations).toEqual([]);
  expect(errors).toEqual([]);
});

test('the customer hangs up: the bar and the page see the vendor order, the agent is Ready again', async ({
  page,
  stack,
  cec,
}) => {
  const bar = await openDesk(page, stack, 1);
  await bar.getByRole('button', { name: 'Sign In' }).click();
  await expect(bar.getByRole('status')).toHaveText('Status: Ready');
  const call = await cec.placeCall({ skillId: 1 });
  await expect(page.locator('#call-state')).toHaveText(/^Ringing/);
  // This time the agent picks up on the softphone itself.
  await page.getByRole('button', { name: 'Pick up' }).click();
  await expect(bar.getByRole('status')).toHaveText('Status: Talking');
  await expect.poll(async () => (await phoneHears(page)).packets, { timeout: 10_000 }).toBeGreaterThan(20);
  await cec.hangupCall(call.id);
  await expect(bar.getByRole('status')).toHaveText('Status: Ready');
  await expect(page.locator('#call-state')).toHaveText('');
  await expect
    .poll(async () => (await eventsOf(cec, stack.users[1]!.agent.workNo)).slice(-4))
    .toEqual(CUSTOMER_HANGS_UP);
  await expect
    .poll(async () => (await seenTypes(page)).slice(-3))
    .toEqual(CUSTOMER_HANGS_UP.filter(subscribed));
  await expectVendorShapes(page);
});

test('Sign Out: the page says Offline, as the bar does and the CEC has it', async ({
  page,
  request,
  stack,
}) => {
  const bar = await openDesk(page, stack, 0);
  await bar.getByRole('button', { name: 'Sign In' }).click();
  await expect(page.locator('#agent-state')).toHaveText('Ready');
  await bar.getByRole('button', { name: 'Sign Out' }).click();
  await expect(bar.getByRole('status')).toHaveText('Status: Offline');
  // AgentOther_ShutdownService reached the page's callback.
  await expect(page.locator('#agent-state')).toHaveText('Offline');
  await expect.poll(async () => (await seenTypes(page)).at(-1)).toBe('AgentOther_ShutdownService');
  await expectVendorShapes(page);
  const res = await request.get(`${stack.cec.url}/__mock/tenants/${stack.tenant.id}/agents`);
  const { agents } = (await res.json()) as { agents: { workNo: number; state: string }[] };
  expect(agents.find((a) => a.workNo === stack.users[0]!.agent.workNo)?.state).toBe('signed-out');
});

test('runs no script injected as markup (the CSP without unsafe-inline)', async ({ page, stack }) => {
  await openDesk(page, stack);
  const violated = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), {
          once: true,
        });
        document.body.insertAdjacentHTML(
          'beforeend',
          '<img src="/missing.png" onerror="window.injected = true">',
        );
      }),
  );
  expect(violated).toMatch(/^script-src/);
  expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
});

test('says so when the contact center cannot be reached (the bar request gets no answer at all)', async ({
  page,
  stack,
  cec,
}) => {
  await cec.addFault({ api: 'ccbarclient', action: { do: 'drop' } });
  const user = stack.users[0]!;
  await page.goto(`${stack.integration.url}/login`);
  await page.getByLabel('User name').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#bar-status')).toHaveText(/cannot be reached/);
});
