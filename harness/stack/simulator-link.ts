import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { answer, controlClient } from '../../mock-cec/edges/control/client.ts';
import type { Endpoints } from '../../mock-cec/infrastructure/state/simulator.ts';
import type { MockCecOptions } from '../../mock-cec/start-mock-cec.ts';

/**
 * What the harness knows of a simulator: where it is and whom to trust,
 * nothing of its memory. The fixtures, the stacks and the scenario runner talk
 * to it over the wire only, so the simulator may be one they started or one
 * started elsewhere (a CI service, another shard's): `MOCK_CEC_URL`.
 */
export interface SimulatorLink {
  /** Its base URL, e.g. https://127.0.0.1:8043 */
  url: string;
  /** PEM of its development CA (trusted by the harness's calls). */
  ca?: string;
  /** The CA's file on this machine: the simulator reads it to trust the integration's HTTPS callbacks. */
  caFile?: string;
  /** The folder of its development certificate, which the reference integration serves its HTTPS with. */
  certDir?: string;
  /** Its host, ports and SIP WebSocket URL, from GET /__mock/health. */
  endpoints: Endpoints;
  /** Whether this process started it (and so stops it on close). */
  started: boolean;
  /** A simulator this process started: end its calls and sign its agents out before closing (a signal). */
  drain?(withinMs: number): Promise<{ agentsSignedOut: number; unanswered: number }>;
  close(): Promise<void>;
}

/** Where a simulator started elsewhere is, from the environment; undefined when none is named. */
export function simulatorFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): { url: string; caFile?: string; ca?: string; certDir: string } | undefined {
  const url = env.MOCK_CEC_URL?.trim();
  if (!url) return undefined;
  const certDir = resolve(env.MOCK_CEC_CERTS ?? '.mock-cec/certs');
  const given = env.MOCK_CEC_CA?.trim();
  // MOCK_CEC_CA is the CA's file, or its PEM itself; by default the one in the certificate folder.
  if (given?.startsWith('-----BEGIN')) return { url, ca: given, certDir };
  const caFile = given ? resolve(given) : join(certDir, 'ca-cert.pem');
  return { url, caFile, ca: existsSync(caFile) ? readFileSync(caFile, 'utf8') : undefined, certDir };
}

/** Reach a simulator already running at `url`: its endpoints come from its health route. */
export async function linkTo(o: {
  url: string;
  ca?: string;
  caFile?: string;
  certDir?: string;
}): Promise<SimulatorLink> {
  const client = controlClient({ url: o.url, ca: o.ca, connections: 1 });
  try {
    const health = await answer(() => client.api.health.$get(), `GET ${o.url}/__mock/health`);
    return {
      url: client.url,
      ca: o.ca,
      caFile: o.caFile,
      certDir: o.certDir,
      endpoints: health.endpoints,
      started: false,
      close: async () => undefined,
    };
  } finally {
    await client.close();
  }
}

/**
 * The simulator named by MOCK_CEC_URL, or a new one started in this process
 * (with no tenant: each test and scenario creates its own over the control API).
 */
export async function reachSimulator(options: Partial<MockCecOptions> = {}): Promise<SimulatorLink> {
  const named = simulatorFromEnv();
  if (named) return linkTo(named);
  return startSimulator(options);
}

/**
 * A new simulator in this process (with no tenant unless `options` gives some).
 * MOCK_CEC_MEDIA_WORKERS=N runs its media on N worker threads (decision record
 * 008), to try a whole suite that way; the default keeps media in process.
 */
export async function startSimulator(options: Partial<MockCecOptions> = {}): Promise<SimulatorLink> {
  const { startMockCec } = await import('../../mock-cec/start-mock-cec.ts');
  const workers = process.env.MOCK_CEC_MEDIA_WORKERS;
  if (workers !== undefined && !/^(?:[0-9]|1[0-6])$/.test(workers))
    throw new Error(`MOCK_CEC_MEDIA_WORKERS must be a whole number from 0 to 16, not "${workers}"`);
  const cec = await startMockCec({
    port: 0,
    tenants: [],
    ...(workers === undefined ? {} : { mediaWorkers: Number(workers) }),
    ...options,
  });
  return {
    url: cec.url,
    ca: cec.cert?.ca,
    caFile: cec.cert ? resolve(cec.cert.caFile) : undefined,
    certDir: cec.cert ? resolve(cec.cert.dir) : undefined,
    endpoints: cec.sim.endpoints,
    started: true,
    drain: (withinMs) => cec.drain(withinMs),
    close: () => cec.close(),
  };
}
