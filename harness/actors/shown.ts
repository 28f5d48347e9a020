import type { Locator } from '@playwright/test';
import { waitFor } from './wait-for.ts';

/**
 * Wait until `locator` is visible, looking again soon. Playwright's own
 * `waitFor` (and the wait before an action) looks again after 20, 50, 100,
 * 100 ms and then only every 500 ms: what a page shows 300 ms on (the desk
 * after the login, the bar after the token callback, the bar's buttons once
 * its frame has loaded) is seen up to half a second late. Here each look is
 * one `isVisible` (it does not wait), 10, 20, 40, then 50 ms apart; with
 * `enabled`, the element must be enabled too (what a click waits for).
 */
export async function shown(
  locator: Locator,
  o: { timeout: number; what?: string; enabled?: boolean },
): Promise<void> {
  const look = async () =>
    (await locator.isVisible()) && (!o.enabled || (await locator.isEnabled({ timeout: o.timeout })));
  const found = await waitFor(look, (visible) => (visible ? 'pass' : 'wait'), {
    timeout: o.timeout,
    interval: 50,
  });
  if (found.outcome !== 'pass') {
    throw new Error(
      `${o.what ?? String(locator)} was not shown${o.enabled ? ' enabled' : ''} within ${o.timeout} ms`,
    );
  }
}
