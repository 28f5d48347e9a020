/**
 * The console behind a control token, in Chromium: opened once through its
 * link, it keeps working (its fetches and its live journal stream carry the
 * cookie), while a request without the token is refused. Its own simulator:
 * the token is the simulator's setting, which the worker's shared one has not.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { type MockCec, startMockCec } from '../../../mock-cec/start-mock-cec.ts';

const TOKEN = 'console-token-0123456789';
let cec: MockCec;
let dir: string;

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mock-cec-token-'));
  cec = await startMockCec({ port: 0, certDir: dir, sip: false, controlToken: TOKEN });
});
test.afterAll(async () => {
  await cec.close();
  await rm(dir, { recursive: true, force: true });
});

test('the console works behind a control token opened through its link, and nothing works without it', async ({
  page,
  playwright,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await page.goto(`${cec.url}/__mock/console?token=${TOKEN}`);
  // The live journal stream (an EventSource: no header of its own) is open: the cookie carries the token.
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
  expect(page.url()).not.toContain('token'); // the token left the address bar
  await page.getByRole('form', { name: 'New tenant' }).getByLabel('Agents').fill('2');
  await page.getByRole('button', { name: 'Create tenant' }).click();
  await expect.poll(() => cec.sim.tenants().length).toBe(2);
  expect(errors).toEqual([]);

  const outsider = await playwright.request.newContext({ ignoreHTTPSErrors: true });
  expect((await outsider.get(`${cec.url}/__mock/tenants`)).status()).toBe(401);
  const withToken = await outsider.get(`${cec.url}/__mock/tenants`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(withToken.status()).toBe(200);
  await outsider.dispose();
});
