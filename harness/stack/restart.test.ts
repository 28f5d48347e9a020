import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueBarToken, verifyBarToken } from '../../integration/tokens/bar-token.ts';
import { answer, controlClient } from '../../mock-cec/edges/control/client.ts';
import { type Stack, startStack } from './start-stack.ts';

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
    await overTheWire(first, async (cec) => {
      const param = { id: tenantId };
      await answer(
        () => cec.api.tenants[':id'].clock.$post({ param, json: { advanceMs: 120_000 } }),
        'clock',
      );
      const json = {
        id: 'kept',
        tenant: tenantId,
        api: 'QueryAgentInfo',
        action: { do: 'status' as const, status: 500 },
      };
      await answer(() => cec.api.faults.$post({ json }), 'add fault');
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
      expect(second.tenant.config.callback.url.startsWith(second.integration.url)).toBe(true);
      await overTheWire(second, async (cec) => {
        const view = await answer(() => cec.api.tenants[':id'].$get({ param: { id: tenantId } }), 'tenant');
        expect(view.clock.offsetMs).toBe(120_000);
        const { faults } = await answer(() => cec.api.faults.$get({ query: { tenant: tenantId } }), 'faults');
        expect(faults.map((r) => r.id)).toEqual(['kept']);
      });
    } finally {
      await second.stop();
    }
  });
});

/** The stack's simulator through the control API, as the harness reaches it. */
async function overTheWire(stack: Stack, use: (cec: ReturnType<typeof controlClient>) => Promise<void>) {
  const cec = controlClient({ url: stack.cec.url, ca: stack.cec.ca });
  try {
    await use(cec);
  } finally {
    await cec.close();
  }
}
