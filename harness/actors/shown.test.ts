import type { Locator } from '@playwright/test';
import { describe, expect, it } from 'vitest';
import { shown } from './shown.ts';

/** A locator whose element turns visible (and enabled) at the given look, counting the looks. */
function fakeLocator(visibleAt: number, enabledAt = visibleAt) {
  let looks = 0;
  const locator = {
    isVisible: async () => ++looks >= visibleAt,
    isEnabled: async () => looks >= enabledAt,
    toString: () => "locator('#thing')",
  };
  return { locator: locator as unknown as Locator, looks: () => looks };
}

describe('shown', () => {
  it('looks again until the element is visible', async () => {
    const f = fakeLocator(4);
    await shown(f.locator, { timeout: 10_000 });
    expect(f.looks()).toBe(4);
  });

  it('with enabled, waits on past a visible but disabled element', async () => {
    const f = fakeLocator(1, 3);
    await shown(f.locator, { timeout: 10_000, enabled: true });
    expect(f.looks()).toBe(3);
  });

  it('fails naming what it waited for once the timeout is out', async () => {
    const f = fakeLocator(Number.POSITIVE_INFINITY);
    await expect(shown(f.locator, { timeout: 30, what: 'the bar' })).rejects.toThrow(
      /the bar was not shown within 30 ms/,
    );
    const g = fakeLocator(1, Number.POSITIVE_INFINITY);
    await expect(shown(g.locator, { timeout: 30, enabled: true })).rejects.toThrow(
      /locator\('#thing'\) was not shown enabled within 30 ms/,
    );
  });
});
