import type { BrowserContext, Page } from '@playwright/test';
import { describe, expect, it } from 'vitest';
import { referenceDesk } from '../actors/desk-profile.ts';
import { parseScenario } from './parse-scenario.ts';
import { type PreparedActors, showLoginPages } from './world.ts';

const SCENARIO = `name: login
story: an agent logs in
seed: 1
actors:
  agents:
    - phone: none
steps:
  - login: { agent: 0 }
`;

/** A page that records where it was sent and which fields were waited for. */
function recordingPage() {
  const seen: string[] = [];
  const page = {
    goto: async (url: string) => {
      seen.push(`goto ${url}`);
      return null;
    },
    locator: (selector: string) => ({
      isVisible: async () => {
        seen.push(`wait ${selector}`);
        return true;
      },
    }),
  };
  return { page: page as unknown as Page, seen };
}

describe('showLoginPages', () => {
  const parsed = parseScenario(SCENARIO, 'login.scenario.yaml');
  if (!parsed.ok) throw new Error(parsed.problem.message);

  it("opens your desk's own login page and waits for its own field (not the reference one's)", async () => {
    const { page, seen } = recordingPage();
    const prepared: PreparedActors = { desks: [{ context: {} as BrowserContext, page }], bank: undefined };
    const profile = { ...referenceDesk, loginPath: '/signin', username: 'input[name=login]' };
    showLoginPages(parsed.scenario, prepared, 'https://crm.example', profile);
    expect(await prepared.desks[0]!.loginShown).toBe(true);
    expect(seen).toEqual(['goto https://crm.example/signin', 'wait input[name=login]']);
  });

  it("without a profile: the reference integration's", async () => {
    const { page, seen } = recordingPage();
    const prepared: PreparedActors = { desks: [{ context: {} as BrowserContext, page }], bank: undefined };
    showLoginPages(parsed.scenario, prepared, 'https://desk.example');
    expect(await prepared.desks[0]!.loginShown).toBe(true);
    expect(seen).toEqual(['goto https://desk.example/login', 'wait #username']);
  });
});
