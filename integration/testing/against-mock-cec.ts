import { join } from 'node:path';
import type { MockCec } from '../../mock-cec/start-mock-cec.ts';
import { type Config, type ConfigInput, configSchema } from '../config/config-schema.ts';

export const TEST_TOKEN_KEY = Buffer.alloc(32, 8);

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
  const tenant = cec.sim.tenants()[0]!.config;
  const certDir = cec.cert!.dir;
  return configSchema.parse({
    cec: {
      baseUrl: cec.url,
      appKey: tenant.app.appKey,
      appSecret: tenant.app.appSecret,
      tenantSpaceId: tenant.tenantSpaceId,
      caFile: cec.cert!.caFile,
      ...extra.cec,
    },
    softphone: extra.softphone,
    server: {
      port: 0,
      certFile: join(certDir, 'server-cert.pem'),
      keyFile: join(certDir, 'server-key.pem'),
      ...extra.server,
    },
    dataDir: join(dir, 'data'),
    secrets: {
      accountKey: Buffer.alloc(32, 7).toString('base64'),
      tokenKey: TEST_TOKEN_KEY.toString('base64'),
    },
    security: { scryptLog2N: 10 },
  } satisfies ConfigInput);
}
