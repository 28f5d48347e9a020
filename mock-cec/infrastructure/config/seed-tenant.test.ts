import { describe, expect, it } from 'vitest';
import { seedTenant, workNoBlock } from './seed-tenant.ts';
import { tenantSchema } from './tenant-schema.ts';

describe('seedTenant', () => {
  it('gives the same tenant for the same seed, byte for byte', () => {
    expect(JSON.stringify(seedTenant(42))).toBe(JSON.stringify(seedTenant(42)));
  });

  it('gives different tenants for different seeds', () => {
    const a = seedTenant(1);
    const b = seedTenant(2);
    expect(a.tenantSpaceId).not.toBe(b.tenantSpaceId);
    expect(a.app.appKey).not.toBe(b.app.appKey);
    expect(a.agents[0]!.workNo).not.toBe(b.agents[0]!.workNo);
  });

  it('produces a tenant that passes the schema, within the vendor limits', () => {
    const t = seedTenant(7, { agents: 20 });
    expect(tenantSchema.safeParse(t).success).toBe(true);
    for (const a of t.agents) {
      expect(a.workNo).toBeGreaterThanOrEqual(101);
      expect(a.sipAccount.length).toBeLessThanOrEqual(24);
      expect(a.sipPwd.length).toBeLessThanOrEqual(24);
      expect(a.accountCode.length).toBeLessThanOrEqual(100);
    }
  });

  it('places seeds in separate workNo blocks', () => {
    expect(workNoBlock(1)).toBe(101);
    expect(workNoBlock(2)).toBe(201);
    expect(seedTenant(3, { workNoStart: 5000 }).agents[0]!.workNo).toBe(5000);
  });
});
