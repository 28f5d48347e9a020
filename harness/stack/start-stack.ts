import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Config, type ConfigInput, configSchema } from '../../integration/config/config-schema.ts';
import type { Logger as IntegrationLogger } from '../../integration/core/logger.ts';
import type { CustomerInput } from '../../integration/crm/customers.ts';
import { type Integration, startIntegration } from '../../integration/start-integration.ts';
import { seedDemoUsers } from '../../integration/users/seed-users.ts';
import type { PageAssets } from '../../integration/web/page-assets.ts';
import type { FaultRuleInput } from '../../mock-cec/domain/faults/fault-rule.ts';
import { answer, ControlApiError, controlClient } from '../../mock-cec/edges/control/client.ts';
import { seedTenant } from '../../mock-cec/infrastructure/config/seed-tenant.ts';
import type { Agent, Tenant, TenantInput } from '../../mock-cec/infrastructure/config/tenant-schema.ts';
import type { Logger } from '../../mock-cec/infrastructure/primitives/logger.ts';
import type { MockCecOptions } from '../../mock-cec/start-mock-cec.ts';
import { IntegrationHost } from './integration-host.ts';
import { keptKey } from './kept-key.ts';
import { reachSimulator, type SimulatorLink } from './simulator-link.ts';

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
  /**
   * One HTTPS listener shared by the stacks a worker starts one after another
   * (integration-host.ts): the stack opens its integration there instead of
   * starting a server of its own; host and integrationPort then do not apply.
   */
  integrationHost?: IntegrationHost;
  /** Anything else for the simulator (SIP ports, customer calls, faults…). */
  mockCec?: Partial<MockCecOptions>;
  /**
   * A simulator already running (a test worker's, or one named by
   * MOCK_CEC_URL): the stack adds its own tenant (over the control API) and
   * integration to it, and stop() removes just those. Without it the stack
   * reaches the one MOCK_CEC_URL names, or starts its own.
   */
  shared?: SimulatorLink;
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
  beforeSync?: (tenant: StackTenant, integration: Integration) => Promise<void>;
  logger?: Logger;
  /** Told as each phase of the start ends ('integration start', 'tenant', 'account sync', 'demo users'): for timing. */
  onPhase?: (phase: string) => void;
  /** The integration's log (default: the same as the simulator's). */
  integrationLogger?: Logger;
}

/** Sections of the tenant a test may change; each is merged over the generated one. */
export type TenantPatch = Partial<
  Pick<
    TenantInput,
    'tokens' | 'callback' | 'gateway' | 'acd' | 'customers' | 'sip' | 'skills' | 'recording' | 'ivr'
  >
>;

/** The integration's CEC settings a test may change (config/config-schema.ts). */
export interface IntegrationPatch {
  appKey?: string;
  appSecret?: string;
  tokenExpireSec?: number;
  timeoutMs?: number;
  /** Who may call the verification API (default: loopback, where the simulator calls from). */
  allowedClientIps?: string[];
  /** The CRM's customers (config crm.customers): the screen pop finds callers among them. */
  customers?: CustomerInput[];
}

export interface DemoUser {
  username: string;
  password: string;
  agent: Agent;
}

/** The stack's tenant as the control API created it. */
export interface StackTenant {
  id: string;
  seed: number;
  config: Tenant;
}

export interface Stack {
  /** The simulator, as the harness reaches it: over the wire. */
  cec: SimulatorLink;
  integration: Integration;
  tenant: StackTenant;
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
    (await reachSimulator({
      host,
      port: o.cecPort ?? 0,
      certDir,
      logger: o.logger,
      ...o.mockCec,
    }));
  const control = controlClient({ url: cec.url, ca: cec.ca, connections: 2 });
  let tenantId: string | undefined;
  const stopCec = async () => {
    // A simulator of our own goes with its tenant (and, with a state folder, keeps it for the next
    // start); on a shared one the tenant is removed, leaving room for the next test's.
    if (tenantId !== undefined && !(cec.started && !o.shared)) {
      const param = { id: tenantId };
      await answer(() => control.api.tenants[':id'].$delete({ param }), 'DELETE /tenants/{id}').catch(
        () => undefined,
      );
    }
    await control.close();
    if (!o.shared) await cec.close();
  };
  let integration: Integration | undefined;
  try {
    const trust = await trustOf(cec, ownDataDir ?? dataDir);
    const logger = (o.integrationLogger ?? o.logger) as IntegrationLogger | undefined;
    const on = o.integrationHost;
    const config = integrationConfig(cec, trust, generated, {
      host: on?.host ?? host,
      port: on?.port ?? o.integrationPort ?? 0,
      dataDir,
      scryptLog2N: o.scryptLog2N,
      patch: o.integration,
    });
    integration = on
      ? await on.open(config, { logger })
      : await startIntegration(config, { syncOnStart: false, assets: o.assets, logger });
    o.onPhase?.('integration start');
    const patch = o.tenant ?? {};
    // Restored from a state folder (npm start after a restart): made again with this start's addresses,
    // keeping its clock offset and fault rules.
    const kept = !o.shared && cec.started ? await keptTenant(control, generated.tenantSpaceId) : undefined;
    const wanted = {
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
        caFile: trust.caFile,
        allowedOrigins: [integration.url],
      },
    } satisfies TenantInput;
    const created = await createTenant(control, { seed, tenant: wanted }, !o.shared && cec.started);
    tenantId = created.tenantSpaceId;
    const tenant: StackTenant = { id: created.tenantSpaceId, seed: created.seed, config: created.config };
    if (kept) await restoreTenant(control, tenant.id, kept);
    o.onPhase?.('tenant');
    await o.beforeSync?.(tenant, integration);
    o.onPhase?.('start mark and faults');
    const synced = await integration.sync();
    o.onPhase?.('account sync');
    if (!synced.ok && (o.requireSync ?? true))
      throw new Error(
        `the integration could not sync the agents from the simulator (${JSON.stringify(synced.failure)})`,
      );
    const seeded = await seedDemoUsers(integration.users, integration.accounts, password);
    if (seeded.skipped.length > 0)
      throw new Error(`demo users not created: ${JSON.stringify(seeded.skipped)}`);
    o.onPhase?.('demo users');
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

/**
 * Create the stack's tenant over the control API. On a simulator shared with
 * other workers or shards, a tenant clashing with one still running there (the
 * same agents' numbers) waits for it to go; on our own a clash is a bug.
 */
async function createTenant(
  control: ReturnType<typeof controlClient>,
  body: { seed: number; tenant: TenantInput },
  ours: boolean,
) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await answer(() => control.api.tenants.$post({ json: body }), 'POST /__mock/tenants');
    } catch (err) {
      const clash = err instanceof ControlApiError && err.code === 'conflict';
      if (!clash || ours || Date.now() > deadline) throw err;
      await sleep(250);
    }
  }
}

interface Trust {
  /** The CA the integration trusts the simulator with. */
  caFile: string;
  /** The certificate and key the integration serves its HTTPS with (signed by the same CA). */
  certFile: string;
  keyFile: string;
}

/** The certificate and key the reference integration serves HTTPS with: the simulator's development ones. */
function serverCertOf(cec: SimulatorLink): { certFile: string; keyFile: string } {
  const dir = cec.certDir;
  const certFile = dir && join(dir, 'server-cert.pem');
  if (!dir || !certFile || !existsSync(certFile))
    throw new Error(
      `the reference integration serves HTTPS with the simulator's development certificate, and finds none in ${dir ?? '(no folder)'}: ` +
        'set MOCK_CEC_CERTS to the folder the simulator keeps it in (its --cert-dir, .mock-cec/certs by default)',
    );
  return { certFile, keyFile: join(dir, 'server-key.pem') };
}

/** The host a worker's scenarios open their integrations on, one after another (integration-host.ts). */
export function startIntegrationHost(cec: SimulatorLink, assets: PageAssets): Promise<IntegrationHost> {
  return IntegrationHost.start({ ...serverCertOf(cec), assets });
}

/** The development CA and certificate the integration uses, from the simulator's certificate folder. */
async function trustOf(cec: SimulatorLink, scratch: string): Promise<Trust> {
  const { certFile, keyFile } = serverCertOf(cec);
  let caFile = cec.caFile;
  if (!caFile || !existsSync(caFile)) {
    if (!cec.ca) throw new Error('no CA to trust the simulator with: set MOCK_CEC_CA');
    caFile = join(scratch, 'mock-cec-ca.pem');
    await writeFile(caFile, cec.ca);
  }
  return { caFile, certFile, keyFile };
}

/** The integration's configuration for this simulator and tenant: only addresses, keys and trust. */
function integrationConfig(
  cec: SimulatorLink,
  trust: Trust,
  tenant: ReturnType<typeof seedTenant>,
  o: { host: string; port: number; dataDir: string; scryptLog2N?: number; patch?: IntegrationPatch },
): Config {
  const { customers, ...cecPatch } = o.patch ?? {};
  return configSchema.parse({
    cec: {
      baseUrl: cec.url,
      appKey: tenant.app.appKey,
      appSecret: tenant.app.appSecret,
      tenantSpaceId: tenant.tenantSpaceId,
      caFile: trust.caFile,
      contextPath: `${cec.url}/service-cloud/`,
      allowedClientIps: ['127.0.0.1', '::1', '::ffff:127.0.0.1'],
      ...cecPatch,
    },
    crm: { customers: customers ?? [] },
    softphone: { wsUrl: cec.endpoints.sipWsUrl ?? `${cec.url.replace(/^https:/, 'wss:')}/sip` },
    server: { host: o.host, port: o.port, certFile: trust.certFile, keyFile: trust.keyFile },
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

interface KeptTenant {
  offsetMs: number;
  faults: FaultRuleInput[];
}

/**
 * A tenant of this id that the simulator restored from its state folder: its
 * clock offset and fault rules, read over the control API; the tenant itself
 * is removed, to be made again with this start's addresses.
 */
async function keptTenant(
  control: ReturnType<typeof controlClient>,
  id: string,
): Promise<KeptTenant | undefined> {
  const param = { id };
  const view = await answer(() => control.api.tenants[':id'].$get({ param }), 'GET /tenants/{id}').catch(
    () => undefined,
  );
  if (!view) return undefined;
  const listed = await answer(() => control.api.faults.$get({ query: { tenant: id } }), 'GET /faults');
  const faults = listed.faults.map(({ matched: _m, applied: _a, actionText: _t, ...rule }) => rule);
  await answer(() => control.api.tenants[':id'].$delete({ param }), 'DELETE /tenants/{id}');
  return { offsetMs: view.clock.offsetMs, faults };
}

async function restoreTenant(control: ReturnType<typeof controlClient>, id: string, kept: KeptTenant) {
  const param = { id };
  if (kept.offsetMs > 0) {
    const json = { advanceMs: Math.round(kept.offsetMs) };
    await answer(() => control.api.tenants[':id'].clock.$post({ param, json }), 'POST /tenants/{id}/clock');
  }
  for (const rule of kept.faults) {
    await answer(() => control.api.faults.$post({ json: { ...rule, tenant: id } }), 'POST /faults');
  }
}
