/**
 * The console in Chromium over HTTPS, driven as a person would: create a
 * tenant, move its clock, add faults, watch the journal live, place a call
 * and hang it up. Every check on the page is also checked in the simulator.
 */
import type { Page } from '@playwright/test';
import { registerSoftphone } from '../../fixtures/console-fixtures.ts';
import { expect } from '../../matchers.ts';
import { consoleTest as test } from '../e2e-fixtures.ts';

const hashTenant = (url: string) => decodeURIComponent(new URL(url).hash.replace('#tenant=', ''));

test('creates a tenant, moves its clock, adds faults, follows the journal, places and hangs up a call', async ({
  consolePage: { page, errors },
  simulator: cec,
}, testInfo) => {
  // Another tenant on the same simulator, whose clock must not move with this one's.
  const other = await cec.createTenant();
  await page.goto(`${cec.url}/__mock/console`);
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
  // Softphones: the SIP side's registrations, or a plain word that there is no SIP side.
  const sipSide = (await page.request.get(`${cec.url}/__mock/sip/registrations`)).status() !== 404;
  await expect(page.getByRole('region', { name: 'Softphones' })).toContainText(
    sipSide ? 'No softphone is registered.' : 'No SIP side in this simulator.',
  );

  // Tenants: create one from the next free seed; it is picked and remembered in the hash.
  const tenantPanel = page.getByRole('region', { name: 'Tenant' });
  const before = page.url();
  await page.getByRole('form', { name: 'New tenant' }).getByLabel('Agents').fill('3');
  await page.getByRole('button', { name: 'Create tenant' }).click();
  await expect(page).not.toHaveURL(before);
  const id = hashTenant(page.url());
  cec.adopt(id);
  const tenant = (await cec.tenant(id))!;
  expect(tenant.config.agents).toHaveLength(3);
  await expect(page.getByRole('combobox', { name: 'Tenant' })).toHaveValue(id);
  await expect(tenantPanel.getByRole('definition').first()).toHaveText(id);
  await expect(tenantPanel.getByText(tenant.config.app.appSecret)).toBeVisible();

  // Agents: one row each, signed out.
  const agents = page.getByRole('region', { name: 'Agents' }).getByRole('row');
  await expect(agents).toHaveCount(4);
  await expect(agents.nth(1)).toContainText(String(tenant.config.agents[0]!.workNo));
  await expect(agents.nth(1)).toContainText(tenant.config.agents[0]!.sipAccount);
  await expect(agents.nth(1).getByText('Offline')).toBeVisible();

  // Clock: +10 min, then 30 s more by hand; only this tenant's clock moves.
  await tenantPanel.getByRole('button', { name: '+10 min' }).click();
  await expect(tenantPanel.getByText('10 min ahead')).toBeVisible();
  await tenantPanel.getByLabel('Advance by (s)').fill('30');
  await tenantPanel.getByRole('button', { name: 'Advance', exact: true }).click();
  await expect(tenantPanel.getByText('10 min 30 s ahead')).toBeVisible();
  expect((await cec.tenant(id))!.clock.offsetMs).toBe(630_000);
  expect((await cec.tenant(other))!.clock.offsetMs).toBe(0);

  // Faults: one from the form, a bad one and a good one from JSON.
  const faults = page.getByRole('region', { name: 'Faults' });
  const form = faults.getByRole('form', { name: 'Add a fault' });
  await form.getByLabel('API').selectOption('QueryAgentInfo');
  await form.getByLabel('HTTP status').fill('503');
  await form.getByLabel('nth').fill('2');
  await form.getByRole('button', { name: 'Add fault' }).click();
  const first = faults.getByRole('row').filter({ hasText: 'QueryAgentInfo' });
  await expect(first).toContainText('status 503');
  await expect(first).toContainText('2nd only');

  await faults.getByText('Paste a rule as JSON').click();
  const json = faults.getByRole('form', { name: 'Fault rule as JSON' });
  await json.getByLabel('Fault rule JSON').fill('{"action": {"do": "explode"}}');
  await json.getByRole('button', { name: 'Add from JSON' }).click();
  await expect(json.getByRole('alert')).toContainText('bad-fault: action');
  await json
    .getByLabel('Fault rule JSON')
    .fill('{"api": "TokenByAkSk", "times": 1, "action": {"do": "status", "status": 500}}');
  await json.getByRole('button', { name: 'Add from JSON' }).click();
  await expect(json.getByRole('alert')).toBeHidden();
  const second = faults.getByRole('row').filter({ hasText: 'TokenByAkSk' });
  await expect(second).toContainText('at most 1×');
  expect((await cec.faults(id)).map((r) => r.api)).toEqual(['QueryAgentInfo', 'TokenByAkSk']);

  // Journal: a request made here shows up at once, on the tenant's clock, with the fault that hit it.
  const journal = page.getByRole('log', { name: 'Journal entries' });
  const res = await page.request.post(`${cec.url}/apigovernance/api/oauth/tokenByAkSk`, {
    data: { app_key: tenant.config.app.appKey, app_secret: tenant.config.app.appSecret },
  });
  expect(res.status()).toBe(500);
  const rule = (await cec.faults(id))[1]!.id;
  const tokenLine = journal.getByRole('listitem').filter({ hasText: /TokenByAkSk\s+POST/ });
  await expect(tokenLine).toContainText('→ 500');
  await expect(tokenLine).toContainText(`fault ${rule}`);
  await expect(
    journal.getByText(`${rule} → status 500 on POST /apigovernance/api/oauth/tokenByAkSk`),
  ).toBeVisible();
  await expect(second.getByRole('cell').nth(5)).toHaveText('1');

  // Calls: with no softphone registered the call waits in the queue; the customer gives up.
  const calls = page.getByRole('region', { name: 'Calls' });
  await calls.getByLabel('Caller number').fill('13912345678');
  await calls.getByRole('button', { name: 'Place call' }).click();
  await expect(calls.getByRole('row', { name: /^Call \d/ })).toHaveCount(1);
  const [call] = await callsOf(page, cec.url, id);
  const row = calls.getByRole('row', { name: `Call ${call!.id}` });
  await expect(row).toContainText('Queued');
  await expect(row).toContainText('13912345678');
  await expect(journal.getByRole('listitem').filter({ hasText: `call ${call!.id}: queued` })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('console.png'), fullPage: true });

  await row.getByRole('button', { name: 'Hang up' }).click();
  await expect(row).toContainText('Ended');
  await expect(row).toContainText('abandoned');
  await expect(row.getByRole('button', { name: 'Hang up' })).toHaveCount(0);
  expect((await callsOf(page, cec.url, id))[0]).toMatchObject({ state: 'ended', endReason: 'abandoned' });

  expect(errors).toEqual([]);
});

test('filters, pauses and resumes the journal', async ({ consolePage: { page, errors }, simulator: cec }) => {
  const id = await cec.createTenant();
  await page.goto(`${cec.url}/__mock/console#tenant=${id}`);
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
  const journal = page.getByRole('log', { name: 'Journal entries' });
  // The tail replayed on connecting starts with the tenant's creation.
  await expect(journal.getByText(`tenant ${id}: created`)).toBeVisible();
  const advance = (ms: number) =>
    page.request.post(`${cec.url}/__mock/tenants/${id}/clock`, { data: { advanceMs: ms } });

  await page.getByRole('checkbox', { name: 'state' }).uncheck();
  await expect(journal.getByText(`tenant ${id}: created`)).toBeHidden();
  await page.getByRole('checkbox', { name: 'state' }).check();
  await expect(journal.getByText(`tenant ${id}: created`)).toBeVisible();

  await page.getByRole('button', { name: 'Pause' }).click();
  await advance(1000);
  await expect(page.getByRole('button', { name: 'Resume (1 new)' })).toBeVisible();
  await expect(journal.getByText('clock.advance 1000ms')).toHaveCount(0);
  await page.getByRole('button', { name: /^Resume/ }).click();
  await expect(journal.getByText('clock.advance 1000ms')).toBeVisible();

  await expect(page.getByRole('link', { name: 'Download NDJSON' })).toHaveAttribute(
    'href',
    `/__mock/journal.ndjson?tenant=${encodeURIComponent(id)}`,
  );
  expect(errors).toEqual([]);
});

test('resets and deletes the picked tenant, and follows the hash', async ({
  consolePage: { page, errors },
  simulator: cec,
}) => {
  const a = await cec.createTenant();
  const b = await cec.createTenant();
  await page.goto(`${cec.url}/__mock/console#tenant=${a}`);
  const picker = page.getByRole('combobox', { name: 'Tenant' });
  await expect(picker).toHaveValue(a);

  await page.evaluate((id) => {
    location.hash = `tenant=${id}`;
  }, b);
  await expect(picker).toHaveValue(b);
  await picker.selectOption(a);
  await expect(page).toHaveURL(new RegExp(`#tenant=${a}$`));

  const rules = page.getByRole('region', { name: 'Faults' }).getByRole('row', { name: /^Fault / });
  const addRule = () =>
    page.request.post(`${cec.url}/__mock/faults`, { data: { tenant: a, action: { do: 'drop' } } });
  await addRule();
  await addRule();
  await expect(rules).toHaveCount(2);
  await rules.first().getByRole('button', { name: 'Remove' }).click();
  await expect(rules).toHaveCount(1);
  await page.getByRole('button', { name: "Clear the tenant's faults" }).click();
  await expect(page.getByText('No fault rules.')).toBeVisible();
  expect(await cec.faults(a)).toEqual([]);
  await addRule();
  await expect(rules).toHaveCount(1);
  await page.getByRole('button', { name: 'Reset tenant' }).click();
  await expect(page.getByRole('log').getByText('tenant.reset 1 fault rules cleared')).toBeVisible();
  await expect(page.getByText('No fault rules.')).toBeVisible();

  await page.getByRole('button', { name: 'Delete tenant' }).click();
  await expect(picker).not.toHaveValue(a);
  await expect(picker.getByRole('option', { name: new RegExp(a) })).toHaveCount(0);
  expect(await cec.tenant(a)).toBeUndefined();
  expect(errors).toEqual([]);
});

test('shows agents change state as they happen', async ({
  consolePage: { page, errors },
  simulator: cec,
}) => {
  const id = await cec.createTenant();
  const [first, second] = (await cec.tenant(id))!.config.agents;
  await page.goto(`${cec.url}/__mock/console#tenant=${id}`);
  const agents = page.getByRole('region', { name: 'Agents' });
  const row = (workNo: number) => agents.getByRole('row').filter({ hasText: String(workNo) });
  await expect(row(first!.workNo).getByText('Offline')).toBeVisible();

  // Sign in through the agent gateway, as the bar would: Ready, then Busy for the second agent.
  const signIn = (a: typeof first, status?: number) =>
    page.request.put(`${cec.url}/agentgateway/resource/onlineagent/${a!.workNo}`, {
      data: { password: a!.password, phonenum: a!.sipAccount, autoanswer: false, status },
    });
  expect(((await (await signIn(first)).json()) as { retcode: string }).retcode).toBe('0');
  await expect(row(first!.workNo).getByText('Ready')).toBeVisible();
  await expect(row(first!.workNo).getByText('Ready')).toHaveAttribute('title', 'vendor state 4');
  expect(((await (await signIn(second, 3)).json()) as { retcode: string }).retcode).toBe('0');
  await expect(row(second!.workNo).getByText('Busy')).toBeVisible();
  await expect(page.getByRole('log').getByText(`agent ${first!.workNo}: signed-out → idle`)).toBeVisible();
  expect(errors).toEqual([]);
});

test('lists softphones as they register, and rings the agent of a placed call', async ({
  consolePage: { page, errors },
  simulator: cec,
}) => {
  const sip = await page.request.get(`${cec.url}/__mock/sip/registrations`);
  test.skip(sip.status() === 404, 'this simulator has no SIP side');
  const id = await cec.createTenant();
  const agent = (await cec.tenant(id))!.config.agents[0]!;
  await page.goto(`${cec.url}/__mock/console#tenant=${id}`);
  const phones = page.getByRole('region', { name: 'Softphones' });
  await expect(phones).toContainText('No softphone is registered.');

  const phone = await registerSoftphone(cec.link, agent.sipAccount, agent.sipPwd);
  try {
    const row = phones.getByRole('row').filter({ hasText: agent.sipAccount });
    await expect(row).toContainText(String(agent.workNo));
    await expect(row).toContainText('wss');
    await expect(row).toContainText('JsSIP console test');

    // Signed in on that phone and Ready, the agent rings when a customer calls.
    const signIn = await page.request.put(`${cec.url}/agentgateway/resource/onlineagent/${agent.workNo}`, {
      data: { password: agent.password, phonenum: agent.sipAccount, autoanswer: false },
    });
    expect(((await signIn.json()) as { retcode: string }).retcode).toBe('0');
    const agentRow = page
      .getByRole('region', { name: 'Agents' })
      .getByRole('row')
      .filter({ hasText: agent.accountCode });
    await expect(agentRow.getByText('registered', { exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Place call' }).click();
    await expect(agentRow.getByText('Ringing')).toBeVisible();
    const callRow = page.getByRole('region', { name: 'Calls' }).getByRole('row', { name: /^Call \d/ });
    await expect(callRow.getByText('Ringing')).toBeVisible();
    await expect(callRow).toContainText(String(agent.workNo));
    await callRow.getByRole('button', { name: 'Hang up' }).click();
    await expect(callRow.getByText('Ended')).toBeVisible();
    await expect(agentRow.getByText('Ringing')).toBeHidden();
  } finally {
    await phone.stop();
  }
  await expect(phones).toContainText('No softphone is registered.');
  expect(errors).toEqual([]);
});

/** The tenant's calls, as the control API reports them. */
async function callsOf(page: Page, url: string, tenant: string) {
  const res = await page.request.get(`${url}/__mock/calls?tenant=${tenant}`);
  return ((await res.json()) as { calls: { id: string; state: string; endReason: string | null }[] }).calls;
}
