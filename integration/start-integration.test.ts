import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockCec, startMockCec } from '../mock-cec/start-mock-cec.ts';
import { type Integration, startIntegration } from './start-integration.ts';
import { configFor, TEST_TOKEN_KEY } from './testing/against-mock-cec.ts';
import { issueBarToken } from './tokens/bar-token.ts';

/** The integration on real sockets: HTTPS with the simulator's development certificate, a real sync. */
describe('startIntegration', () => {
  let dir: string;
  let cec: MockCec;
  let integration: Integration;
  let dispatcher: Agent;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'integration-start-'));
    cec = await startMockCec({ tls: true, certDir: join(dir, 'certs'), seed: 61 });
    const config = configFor(cec, dir, { server: { httpRedirectPort: 0 } });
    integration = await startIntegration(config, { assets: { js: '', css: '', etag: '"t"' } });
    dispatcher = new Agent({ connect: { ca: cec.cert!.ca } });
  });

  afterAll(async () => {
    await integration.close();
    await dispatcher.close();
    await cec.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('synced the agent accounts before listening', () => {
    expect(integration.accounts.all()).toHaveLength(5);
  });

  it('serves the login page over HTTPS, on 127.0.0.1', async () => {
    expect(integration.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${integration.url}/login`, { dispatcher });
    expect(res.status).toBe(200);
    expect(res.headers.get('strict-transport-security')).toBeTruthy();
  });

  it('answers the verification API over TLS', async () => {
    const code = cec.sim.tenants()[0]!.config.agents[0]!.accountCode;
    const settings = {
      key: TEST_TOKEN_KEY,
      issuer: integration.config.verification.issuer,
      tenantSpaceId: integration.config.cec.tenantSpaceId,
      ttlSec: 120,
    };
    const { token } = await issueBarToken(settings, code, Date.now());
    const res = await fetch(`${integration.url}${integration.config.verification.path}`, {
      dispatcher,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ access_token: token, tenantSpaceId: settings.tenantSpaceId, userAccount: code }),
    });
    expect(await res.json()).toEqual({ retCode: 0, message: 'validate success' });
  });

  it('redirects plain-HTTP page views to HTTPS and refuses the rest', async () => {
    const page = await fetch(`${integration.redirectUrl}/desk`, { redirect: 'manual' });
    expect(page.status).toBe(308);
    expect(page.headers.get('location')).toBe(`https://127.0.0.1:${integration.port}/desk`);
    const post = await fetch(`${integration.redirectUrl}${integration.config.verification.path}`, {
      method: 'POST',
      body: '{}',
    });
    expect(post.status).toBe(403);
  });

  it('does not speak plain HTTP on the HTTPS port', async () => {
    await expect(fetch(`${integration.url.replace('https:', 'http:')}/login`)).rejects.toThrow();
  });
});
