import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { answer, controlClient } from '../../mock-cec/edges/control/client.ts';
import { Cec } from '../actors/cec.ts';
import { startStack } from './start-stack.ts';

describe('startStack', () => {
  it('starts the simulator and the integration wired to each other, then stops both', async () => {
    const stack = await startStack({ seed: 4242, agents: 3, scryptLog2N: 10 });
    const dataDir = stack.integration.config.dataDir;
    try {
      const { tenant, integration, cec } = stack;
      expect(tenant.config.callback.url).toBe(
        `${integration.url}/rest/cc-management/v1/thirdparty/thirdPartyValidate`,
      );
      expect(integration.config.cec.baseUrl).toBe(cec.url);
      // The integration pulled the agents over HTTPS (TokenByAkSk, QueryAgentInfo), as it would from a real CEC.
      expect(integration.accounts.all().map((a) => a.workNo)).toEqual(
        tenant.config.agents.map((a) => a.workNo),
      );
      const control = new Cec({ url: cec.url, ca: cec.ca, tenant: tenant.id });
      const http = await control.journal({ kind: 'http' }).finally(() => control.close());
      expect(http.map((e) => e.kind === 'http' && e.api)).toEqual(['TokenByAkSk', 'QueryAgentInfo']);
      const user = stack.users[0]!;
      expect(await integration.users.authenticate(user.username, user.password)).toBeDefined();
      expect(existsSync(dataDir)).toBe(true);
    } finally {
      await stack.stop();
    }
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe('startStack on a shared simulator', () => {
  it('adds its own tenant and integration, and removes only those on stop', async () => {
    const first = await startStack({ seed: 4301, agents: 1, scryptLog2N: 10 });
    try {
      const second = await startStack({ seed: 4302, agents: 1, scryptLog2N: 10, shared: first.cec });
      const tenants = async () => {
        const control = controlClient({ url: first.cec.url, ca: first.cec.ca });
        const all = await answer(() => control.api.tenants.$get(), 'GET /tenants').finally(() =>
          control.close(),
        );
        return all.tenants.map((t) => t.tenantSpaceId);
      };
      expect((await tenants()).sort()).toEqual([first.tenant.id, second.tenant.id].sort());
      expect(second.integration.accounts.all()).toHaveLength(1);
      await second.stop();
      expect(await tenants()).toEqual([first.tenant.id]);
    } finally {
      await first.stop();
    }
  });
});

describe('startStack with changes to the tenant or the integration', () => {
  it('merges tenant sections over the generated tenant', async () => {
    const stack = await startStack({
      seed: 4311,
      agents: 1,
      scryptLog2N: 10,
      tenant: {
        acd: { ringTimeoutMs: 3000 },
        callback: { timeoutMs: 700 },
        customers: { '4930123': { answer: 'busy' } },
      },
    });
    try {
      const { config } = stack.tenant;
      expect(config.acd).toEqual({ ringTimeoutMs: 3000, queueCapacity: 50, wrapUpMs: 0 });
      expect(config.callback.timeoutMs).toBe(700);
      expect(config.callback.url).toBe(
        `${stack.integration.url}/rest/cc-management/v1/thirdparty/thirdPartyValidate`,
      );
      expect(config.customers['4930123']).toMatchObject({ answer: 'busy' });
      expect(config.customers['5550102']).toMatchObject({ answer: 'busy' });
    } finally {
      await stack.stop();
    }
  });

  it('starts with a failed sync when told to, and says why', async () => {
    await expect(
      startStack({ seed: 4312, agents: 1, scryptLog2N: 10, integration: { appSecret: 'wrong' } }),
    ).rejects.toThrow(/could not sync/);
    const stack = await startStack({
      seed: 4312,
      agents: 1,
      scryptLog2N: 10,
      integration: { appSecret: 'wrong' },
      requireSync: false,
    });
    try {
      expect(stack.startSync.ok).toBe(false);
      expect(stack.integration.accounts.all()).toEqual([]);
      expect(
        await stack.integration.users.authenticate(stack.users[0]!.username, stack.users[0]!.password),
      ).toBeUndefined();
    } finally {
      await stack.stop();
    }
  });
});
