import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Config, type ConfigInput, configSchema } from '../../integration/config/config-schema.ts';
import type { Logger as IntegrationLogger } from '../../integration/core/logger.ts';
import { type Integration, startIntegration } from '../../integration/start-integration.ts';
import { reachMockCec } from '../../integration/testing/against-mock-cec.ts';
import { seedDemoUsers } from '../../integration/users/seed-users.ts';
import type { PageAssets } from '../../integration/web/page-assets.ts';
import { seedTenant } from '../../mock-cec/config/seed-tenant.ts';
import { type Agent, type TenantInput, tenantSchema } from '../../mock-cec/config/tenant-schema.ts';
import type { Logger } from '../../mock-cec/core/logger.ts';
import { type MockCec, type MockCecOptions, startMockCec } from '../../mock-cec/start-mock-cec.ts';
import type { TenantRuntime } from '../../mock-cec/state/tenant-runtime.ts';
import { keptKey } from './kept-key.ts';

export const DEMO_PASSWORD = 'Desk-Demo-2026';

export interface StackOptions {
  /** Seed of the tenant (default 1: the demo tenant). */
  seed?: number;
  agents?: number;
  workNoStart?: number;
  host?: string;
  /** 0 (default) picks free ports. */
  cecPort?: number;
  integrationPort?: number;
  /** Development CA and certificate, shared by both sides (default .mock-cec/certs). */
  certDir?: string;
  /** The integration's data folder; by default a temporary one, removed by stop(). */
  dataDir?: string;
  /** The demo users' password. */
  password?: string;
  /** scrypt cost of the demo users' hashes (tests use the minimum, 10). */
  scryptLog2N?: number;
  /** One page-asset build shared by many stacks (a test worker's). */
  assets?: PageAssets;
  /** Anything else for the simulator (SIP ports, customer calls, faults…). */
  mockCec?: Partial<MockCecOptions>;
  /**
   * A simulator already running (a test worker's): the stack adds its own
   * tenant and integration to it, and stop() removes just those.
   */
  shared?: MockCec;
  /** Changes to the generated tenant (token lifetimes, callback timeout, ring timeout, customers…). */
  tenant?: TenantPatch;
  /** Changes to the integration's CEC settings, e.g. a wrong app secret. */
  integration?: IntegrationPatch;
  /**
   * Whether a failed first sync stops the start (default true). A test of a
   * misconfigured integration says false: the stack starts, `startSync` says
   * what went wrong, and only agents that did sync get a demo user.
   */
  requireSync?: boolean;
  /**
   * Called once the tenant exists and the integration listens, before the
   * integration's first sync: the moment to put faults in force that the
   * start-up itself should meet (and to open pages on the integration).
   */
  beforeSync?: (tenant: TenantRuntime, integration: Integration) => Promise<void>;
  logger?: Logger;
  /** The integration's log (default: the same as the simulator's). */
  integrationLogger?: Logger;
}

/** Sections of the tenant a test may change; each is merged over the generated one. */
export type TenantPatch = Partial<
  Pick<TenantInput, 'tokens' | 'callback' | 'gateway' | 'acd' | 'customers' | 'sip' | 'skills'>
>;

/** The integration's CEC settings a test may change (config/config-schema.ts). */
export interface IntegrationPatch {
  appKey?: string;
  appSecret?: string;
  tokenExpireSec?: number;
  timeoutMs?: number;
  /** Who may call the verification API (default: loopback, where the simulator calls from). */
  allowedClientIps?: string[];
}

export interface DemoUser {
  username: string;
  password: string;
  agent: Agent;
}

export interface Stack {
  cec: MockCec;
  integration: Integration;
  tenant: TenantRuntime;
  users: DemoUser[];
  /** How the integration's first sync went. */
  startSync: Awaited<ReturnType<Integration['sync']>>;
  stop(): Promise<void>;
}

/**
 * The whole system on this machine: the simulated CEC and the reference
 * integration, wired only by configuration, as a real deployment would be.
 * The order breaks the one circle between them (the tenant names the
 * integration's callback URL; the integration needs the tenant's app key):
 * simulator first with no tenant, then the integration, then the tenant with
 * the integration's URL, then the integration's sync and its demo users.
 */
export async function startStack(o: StackOptions = {}): Promise<Stack> {
  const seed = o.seed ?? 1;
  const host = o.host ?? '127.0.0.1';
  const certDir = o.certDir ?? '.mock-cec/certs';
  const password = o.password ?? DEMO_PASSWORD;
  const ownDataDir = o.dataDir === undefined ? await mkdtemp(join(tmpdir(), 'mock-cec-stack-')) : undefined;
  const dataDir = o.dataDir ?? join(ownDataDir!, 'integration');
  const generated = seedTenant(seed, { agents: o.agents, workNoStart: o.workNoStart });

  const cec =
    o.shared ??
    (await startMockCec({
      host,
      port: o.cecPort ?? 0,
      certDir,
      logger: o.logger,
      ...o.mockCec,
      tenants: [],
    }));
  const stopCec = async () => {
    if (o.shared) o.shared.sim.removeTenant(generated.tenantSpaceId);
    else await cec.close();
  };
  let integration: Integration | undefined;
  try {
    integration = await startIntegration(
      integrationConfig(cec, generated, {
        host,
        port: o.integrationPort ?? 0,
        dataDir,
        scryptLog2N: o.scryptLog2N,
        patch: o.integration,
      }),
      {
        syncOnStart: false,
        assets: o.assets,
        logger: (o.integrationLogger ?? o.logger) as IntegrationLogger | undefined,
      },
    );
    const patch = o.tenant ?? {};
    // Restored from a state folder (npm start after a restart): made again with this start's addresses,
    // keeping its clock offset and fault rules.
    const restored = o.shared ? undefined : cec.sim.tenant(generated.tenantSpaceId);
    const keptFaults = restored ? cec.sim.faults.list(restored.id) : [];
    const keptOffset = restored?.clock.offsetMs ?? 0;
    if (restored) cec.sim.removeTenant(restored.id);
    const tenant = cec.sim.addTenant(
      tenantSchema.parse({
        ...generated,
        ...patch,
        tokens: { ...generated.tokens, ...patch.tokens },
        gateway: { ...generated.gateway, ...patch.gateway },
        acd: { ...generated.acd, ...patch.acd },
        sip: { ...generated.sip, ...patch.sip },
        customers: { ...generated.customers, ...patch.customers },
        callback: {
          ...generated.callback,
          ...patch.callback,
          url: `${integration.url}${integration.config.verification.path}`,
          caFile: cec.cert?.caFile,
          allowedOrigins: [integration.url],
        },
      } satisfies TenantInput),
      seed,
    );
    if (keptOffset > 0) tenant.advance(keptOffset);
    for (const rule of keptFaults) cec.sim.faults.add(rule);
    await o.beforeSync?.(tenant, integration);
    const synced = await integration.sync();
    if (!synced.ok && (o.requireSync ?? true))
      throw new Error(
        `the integration could not sync the agents from the simulator (${JSON.stringify(synced.failure)})`,
      );
    const seeded = await seedDemoUsers(integration.users, integration.accounts, password);
    if (seeded.skipped.length > 0)
      throw new Error(`demo users not created: ${JSON.stringify(seeded.skipped)}`);
    const users = tenant.config.agents.map((agent) => ({ username: agent.accountCode, password, agent }));
    const started = integration;
    return {
      cec,
      integration: started,
      tenant,
      users,
      startSync: synced,
      async stop() {
        await started.close();
        await stopCec();
        if (ownDataDir) await rm(ownDataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await integration?.close();
    await stopCec();
    if (ownDataDir) await rm(ownDataDir, { recursive: true, force: true });
    throw err;
  }
}

/** The integration's configuration for this simulator and tenant: only addresses, keys and trust. */
function integrationConfig(
  cec: MockCec,
  tenant: ReturnType<typeof seedTenant>,
  o: { host: string; port: number; dataDir: string; scryptLog2N?: number; patch?: IntegrationPatch },
): Config {
  const reach = reachMockCec(cec, tenant);
  return configSchema.parse({
    cec: {
      ...reach.cec,
      contextPath: `${cec.url}/service-cloud/`,
      allowedClientIps: ['127.0.0.1', '::1', '::ffff:127.0.0.1'],
      ...o.patch,
    },
    softphone: { wsUrl: cec.sim.endpoints.sipWsUrl ?? `${cec.url.replace(/^https:/, 'wss:')}/sip` },
    server: { host: o.host, port: o.port, ...reach.server },
    dataDir: o.dataDir,
    // Kept in the data folder, so bar tokens issued before a restart still verify after it
    // (a temporary data folder, as tests use, gets fresh ones).
    secrets: {
      accountKey: keptKey(join(o.dataDir, 'account.key')),
      tokenKey: keptKey(join(o.dataDir, 'token.key')),
    },
    security: o.scryptLog2N === undefined ? {} : { scryptLog2N: o.scryptLog2N },
  } satisfies ConfigInput);
}
