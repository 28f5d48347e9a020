import { en, Faker } from '@faker-js/faker';
import { type Tenant, type TenantInput, tenantSchema } from './tenant-schema.ts';

export interface SeedOptions {
  /** How many agents (default 5). */
  agents?: number;
  /** First workNo; by default a block of 100 numbers chosen by the seed, so tenants of different seeds do not collide. */
  workNoStart?: number;
}

/** The first workNo of a seed's block: seed 1 → 101, seed 2 → 201, … */
export function workNoBlock(seed: number): number {
  const blocks = 9_000;
  return 101 + ((((seed - 1) % blocks) + blocks) % blocks) * 100;
}

/**
 * A tenant generated from a seed with faker. The same seed always gives the
 * same tenant, byte for byte (faker is pinned by the lockfile, and no value
 * depends on the current date).
 */
export function seedTenant(seed: number, options: SeedOptions = {}): Tenant {
  const faker = new Faker({ locale: [en] });
  faker.seed(seed);
  const count = options.agents ?? 5;
  const start = options.workNoStart ?? workNoBlock(seed);
  const usedCodes = new Set<string>();

  const agents: TenantInput['agents'] = [];
  for (let i = 0; i < count; i++) {
    const workNo = start + i;
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    let accountCode = `${first}.${last}`.toLowerCase().replace(/[^a-z0-9.]/g, '');
    if (usedCodes.has(accountCode)) accountCode = `${accountCode}${workNo}`;
    usedCodes.add(accountCode);
    agents.push({
      workNo,
      name: `${first} ${last}`,
      // Softphone numbers follow the workNo so that they are unique whenever workNos are.
      sipAccount: String(88_000_000 + workNo),
      sipPwd: password(faker, 12),
      password: password(faker, 12),
      accountCode,
      skills: i % 2 === 0 ? [1] : [1, 2],
    });
  }

  return tenantSchema.parse({
    tenantSpaceId: faker.string.numeric({ length: 18, allowLeadingZeros: false }),
    ccId: 1,
    vdnId: faker.number.int({ min: 1, max: 99 }),
    app: { appKey: faker.string.uuid(), appSecret: faker.string.alphanumeric(32) },
    skills: [
      { id: 1, name: 'General' },
      { id: 2, name: 'Billing' },
    ],
    agents,
  } satisfies TenantInput);
}

/** A password with upper, lower and digit, as the vendor's complexity rules want. */
function password(faker: Faker, length: number): string {
  return (
    faker.string.alpha({ length: 1, casing: 'upper' }) +
    faker.string.alpha({ length: 1, casing: 'lower' }) +
    faker.string.numeric(1) +
    faker.string.alphanumeric(length - 3)
  );
}
