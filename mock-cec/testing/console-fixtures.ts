import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { type MockCec, startMockCec } from '../start-mock-cec.ts';

/**
 * The console in Chromium against a real simulator: one HTTPS mock-cec per
 * worker (dev certificate in a temporary folder, no SIP side), and the page
 * opened on it with every page error collected.
 */
export const test = base.extend<{ consolePage: { page: Page; errors: string[] } }, { cec: MockCec }>({
  cec: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a pattern
    async ({}, use) => {
      const dir = await mkdtemp(join(tmpdir(), 'mock-cec-console-'));
      const cec = await startMockCec({ port: 0, certDir: dir });
      await use(cec);
      await cec.close();
      await rm(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],

  consolePage: async ({ page }, use) => {
    // Script errors and CSP refusals land here. Refused requests do not: the page shows those
    // (a bad fault rule, the missing SIP side), and the tests check what it shows.
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
    });
    await use({ page, errors });
  },
});

/** Create a tenant through the control API (not the page), for tests about something else. */
export async function createTenant(page: Page, cec: MockCec, body: Record<string, unknown> = {}) {
  const res = await page.request.post(`${cec.url}/__mock/tenants`, { data: { agents: 2, ...body } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { tenantSpaceId: string }).tenantSpaceId;
}

export { expect };
