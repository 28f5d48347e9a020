import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPageAssets } from '../../integration/web/page-assets.ts';
import type { IntegrationHost } from './integration-host.ts';
import { reachSimulator, type SimulatorLink } from './simulator-link.ts';
import { type Stack, startIntegrationHost, startStack } from './start-stack.ts';

let cec: SimulatorLink;
let host: IntegrationHost;
let http: Agent;
beforeAll(async () => {
  cec = await reachSimulator();
  host = await startIntegrationHost(cec, await buildPageAssets());
  http = new Agent({ connect: { ca: cec.ca } });
}, 60_000);
afterAll(async () => {
  await http?.close();
  await host?.close();
  await cec?.close();
});

/** Sign in at the page as a browser does (the form's cookie and token, its origin); the page's status. */
async function signIn(url: string, username: string, password: string): Promise<number> {
  const form = await request(`${url}/login`, { dispatcher: http });
  const cookie = form.headers['set-cookie'];
  const token = /name="csrf" value="([^"]+)"/.exec(await form.body.text())?.[1] ?? '';
  const res = await request(`${url}/login`, {
    dispatcher: http,
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: url,
      cookie: (Array.isArray(cookie) ? cookie : [cookie ?? '']).map((c) => c.split(';')[0]).join('; '),
    },
    body: new URLSearchParams({ csrf: token, username, password }).toString(),
  });
  await res.body.dump();
  return res.statusCode;
}

const open = (seed: number) =>
  startStack({ seed, agents: 1, scryptLog2N: 10, shared: cec, integrationHost: host });

describe('IntegrationHost', () => {
  it('serves one integration after another at one address, each with its own lockouts', async () => {
    let first: Stack | undefined = await open(4401);
    try {
      const { url } = first.integration;
      expect(url).toBe(host.url);
      expect(first.tenant.config.callback.url.startsWith(host.url)).toBe(true);
      const user = first.users[0]!;
      // Five wrong passwords lock the account (loginAccount: failureFactor 5): the right one is refused.
      for (let i = 0; i < 5; i++) await signIn(url, user.username, 'Wrong-Password-1');
      expect(await signIn(url, user.username, user.password)).toBe(429);
      await expect(open(4402)).rejects.toThrow(/open already/);
      await first.stop();
      first = undefined;
      // Between two scenarios the host says so.
      expect(await signIn(url, user.username, user.password)).toBe(503);

      // The same tenant and user again: a new integration, whose lockout book is its own.
      const second = await open(4401);
      try {
        expect(second.integration.url).toBe(url);
        expect(await signIn(url, user.username, user.password)).toBe(303);
      } finally {
        await second.stop();
      }
    } finally {
      await first?.stop();
    }
  }, 120_000);
});
