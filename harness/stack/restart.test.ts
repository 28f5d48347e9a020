import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueBarToken, verifyBarToken } from '../../integration/tokens/bar-token.ts';
import { startStack } from './start-stack.ts';

/**
 * `npm start` run again on the same folders (as after a crash): the
 * integration keeps its bar-token key, so a token issued before still
 * verifies, and the simulator's demo tenant comes back with its clock offset
 * and fault rules, made again with this start's addresses.
 */
describe('the stack restarted on the same folders', { timeout: 60_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mock-cec-stack-restart-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps the bar-token key, the tenant, its clock and its fault rules', async () => {
    const options = {
      seed: 4400,
      agents: 1,
      scryptLog2N: 10,
      dataDir: join(dir, 'integration'),
      certDir: join(dir, 'certs'),
      mockCec: { stateDir: join(dir, 'state'), sip: false as const },
    };
    const first = await startStack(options);
    const key = first.integration.config.secrets.tokenKey;
    const tenantId = first.tenant.id;
    first.tenant.advance(120_000);
    first.cec.sim.faults.add({
      id: 'kept',
      tenant: tenantId,
      api: 'QueryAgentInfo',
      action: { do: 'status', status: 500 },
    });
    const settings = (k: Uint8Array) => ({
      key: k,
      issuer: 'restart-test',
      tenantSpaceId: tenantId,
      ttlSec: 600,
    });
    const issued = await issueBarToken(settings(key), 'agent', Date.now());
    await first.stop();

    const second = await startStack({ ...options, requireSync: false });
    try {
      expect(second.integration.config.secrets.tokenKey).toEqual(key);
      const check = await verifyBarToken(
        settings(second.integration.config.secrets.tokenKey),
        issued.token,
        Date.now(),
      );
      expect(check).toMatchObject({ ok: true, accountCode: 'agent' });
      expect(second.tenant.id).toBe(tenantId);
      expect(second.tenant.clock.offsetMs).toBe(120_000);
      expect(second.tenant.config.callback.url.startsWith(second.integration.url)).toBe(true);
      expect(second.cec.sim.faults.list(tenantId).map((r) => r.id)).toEqual(['kept']);
    } finally {
      await second.stop();
    }
  });
});
