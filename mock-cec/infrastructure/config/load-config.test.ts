import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseConfig } from './load-config.ts';
import { YamlFileError } from './parse-yaml.ts';
import { seedTenant } from './seed-tenant.ts';

describe('parseConfig', () => {
  const tenant = seedTenant(1, { agents: 2 });

  it('reads a single tenant at the top level', () => {
    const loaded = parseConfig(stringify(tenant), 't.yaml');
    expect(loaded.tenants).toHaveLength(1);
    expect(loaded.tenants[0]!.tenantSpaceId).toBe(tenant.tenantSpaceId);
  });

  it('reads several tenants with faults', () => {
    const other = seedTenant(2, { agents: 1 });
    const text = stringify({
      tenants: [tenant, other],
      faults: [{ api: 'QueryAgentInfo', action: { do: 'status', status: 500 } }],
    });
    const loaded = parseConfig(text, 't.yaml');
    expect(loaded.tenants.map((t) => t.tenantSpaceId)).toEqual([tenant.tenantSpaceId, other.tenantSpaceId]);
    expect(loaded.faults).toHaveLength(1);
  });

  it('fills in defaults for a minimal tenant', () => {
    const text = `tenantSpaceId: t1
app: { appKey: k, appSecret: s }
agents:
  - { workNo: 101, sipAccount: "88000101", sipPwd: p, password: q, accountCode: a }
`;
    const t = parseConfig(text, 'min.yaml').tenants[0]!;
    expect(t.tokens).toEqual({ defaultExpiresSec: 600, maxExpiresSec: 3600, revokePreviousOnIssue: false });
    expect(t.ccId).toBe(1);
    expect(t.skills).toEqual([{ id: 1, name: 'General' }]);
  });

  it('names the file, line and field of a bad value', () => {
    const text = `tenantSpaceId: t1
app: { appKey: k, appSecret: s }
agents:
  - { workNo: 99, sipAccount: "1", sipPwd: p, password: q, accountCode: a }
`;
    expect(() => parseConfig(text, 'bad.yaml')).toThrow(YamlFileError);
    try {
      parseConfig(text, 'bad.yaml');
    } catch (e) {
      expect((e as YamlFileError).message).toMatch(/^bad\.yaml:4: agents\[0\]\.workNo: /);
    }
  });

  it('refuses duplicate softphone numbers and unknown fields', () => {
    const dup = `tenantSpaceId: t1
app: { appKey: k, appSecret: s }
agents:
  - { workNo: 101, sipAccount: "1", sipPwd: p, password: q, accountCode: a }
  - { workNo: 102, sipAccount: "1", sipPwd: p, password: q, accountCode: b }
`;
    expect(() => parseConfig(dup, 'd.yaml')).toThrow(/agents\[1\]\.sipAccount: duplicate sipAccount/);
    expect(() => parseConfig('tenantSpaceId: t\ncolour: red\n', 'u.yaml')).toThrow(/u\.yaml:\d+/);
  });
});
