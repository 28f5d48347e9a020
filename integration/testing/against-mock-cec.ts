import { join } from 'node:path';
import type { Tenant } from '../../mock-cec/infrastructure/config/tenant-schema.ts';
import type { MockCec } from '../../mock-cec/start-mock-cec.ts';
import { type Config, type ConfigInput, configSchema } from '../config/config-schema.ts';

export const TEST_TOKEN_KEY = Buffer.alloc(32, 8);

/**
 * What the integration needs to reach one of a simulator's tenants, and the
 * simulator's development certificate to serve its own HTTPS with: addresses,
 * keys and trust only (the integration still talks to it over the wire).
 */
export function reachMockCec(cec: MockCec, tenant: Tenant) {
  const certDir = cec.cert!.dir;
  return {
    cec: {
      baseUrl: cec.url,
      appKey: tenant.app.appKey,
      appSecret: tenant.app.appSecret,
      tenantSpaceId: tenant.tenantSpaceId,
      caFile: cec.cert!.caFile,
    },
    server: { certFile: join(certDir, 'server-cert.pem'), keyFile: join(certDir, 'server-key.pem') },
  };
}

/**
 * The integration's configuration for a mock-cec started by a test: its first
 * tenant's app, its development CA and certificate (reused for our HTTPS), a
 * free port, a data folder under `dir`, cheap scrypt. Only configuration: the
 * integration still reaches the simulator over the wire.
 */
export function configFor(
  cec: MockCec,
  dir: string,
  extra: {
    cec?: Partial<ConfigInput['cec']>;
    server?: Partial<ConfigInput['server']>;
    softphone?: ConfigInput['softphone'];
  } = {},
): Config {
  const reach = reachMockCec(cec, cec.sim.tenants()[0]!.config);
  return configSchema.parse({
    cec: { ...reach.cec, ...extra.cec },
    softphone: extra.softphone,
    server: { port: 0, ...reach.server, ...extra.server },
    dataDir: join(dir, 'data'),
    secrets: {
      accountKey: Buffer.alloc(32, 7).toString('base64'),
      tokenKey: TEST_TOKEN_KEY.toString('base64'),
    },
    security: { scryptLog2N: 10 },
  } satisfies ConfigInput);
}
