import { resolve } from 'node:path';
import { heapReader, inspectorUrl } from './lib/inspector.ts';
import { answers, freePort, spawnServer } from './lib/processes.ts';
import { treePssKb } from './lib/sip-probe.ts';
import { failureSummary, registerOverWs, type WsAgent, type WsFleet } from './lib/ws-agents.ts';
import { ensureKamailioWs, prepareKamailio } from './peers/kamailio.ts';

/**
 * Memory per agent registered over WebSocket: 1,000 agents register with
 * digest and stay connected; what the server holds for them, per agent.
 * mock-cec is read through its inspector after a full GC (V8 heap, and RSS);
 * Kamailio, which keeps registrations in shared memory across processes, by
 * its proportional set size (PSS). A first 50 agents warm each server up
 * (code, pools) and disconnect before the baseline is taken. All come from
 * 127.0.0.1: mock-cec runs with its per-address cap on connections raised
 * for them (`--max-per-source`); an agent a server still refuses is counted
 * (`failed`, and in `what`), and the figure is per agent registered.
 */
export interface WsMemory {
  perAgentKb: number;
  what: string;
  /** Agents registered (of AGENTS offered). */
  agents: number;
  /** Agents not registered (refused, or no answer), with why. */
  failed: string[];
  /** Time to register them all, in ms. */
  ms: number;
}

const AGENTS = 1000;
const WARM_UP = 50;
/** mock-cec's cap on connections from one address for this run: every agent, the warm-up and a margin. */
const MAX_PER_SOURCE = 2 * (AGENTS + WARM_UP);

export async function wsMemory(
  tenantFile: string,
  accounts: readonly WsAgent[],
  withKamailio: boolean,
): Promise<Record<string, WsMemory | undefined>> {
  const warm = accounts.slice(0, WARM_UP);
  const agents = accounts.slice(WARM_UP, WARM_UP + AGENTS);
  const out: Record<string, WsMemory | undefined> = { 'mock-cec': await mockCec(tenantFile, warm, agents) };
  if (withKamailio) out.Kamailio = ensureKamailioWs() ? await kamailio(accounts, warm, agents) : undefined;
  return out;
}

async function mockCec(tenantFile: string, warm: readonly WsAgent[], agents: readonly WsAgent[]) {
  const http = await freePort();
  const server = await spawnServer(
    'node',
    [
      '--inspect=127.0.0.1:0',
      'bin/mock-cec.js',
      'start',
      '--no-tls',
      '--quiet',
      '--port',
      String(http),
      '--sip-port',
      '0',
      '--max-per-source',
      String(MAX_PER_SOURCE),
      '--config',
      tenantFile,
    ],
    () => answers(`http://127.0.0.1:${http}/__mock/health`),
  );
  const heap = await heapReader(inspectorUrl(server.output())!);
  try {
    const url = `ws://127.0.0.1:${http}/sip`;
    await (await registerOverWs(url, warm)).close();
    const before = await heap.measure();
    const started = performance.now();
    const fleet = await registerOverWs(url, agents);
    const ms = performance.now() - started;
    const after = await heap.measure();
    await fleet.close();
    const kb = (bytes: number) => bytes / 1024 / Math.max(1, fleet.clients.length);
    return {
      perAgentKb: kb(after.heapUsed - before.heapUsed),
      what: `heap; RSS ${kb(after.rss - before.rss).toFixed(1)} KB${notRegistered(fleet)}`,
      agents: fleet.clients.length,
      failed: fleet.failed,
      ms,
    };
  } finally {
    heap.close();
    await server.stop();
  }
}

async function kamailio(accounts: readonly WsAgent[], warm: readonly WsAgent[], agents: readonly WsAgent[]) {
  const port = await freePort();
  const { command, args } = prepareKamailio({
    dir: resolve('.bench/sip/kamailio-ws'),
    port,
    realm: 'mock-cec',
    accounts,
    ws: true,
  });
  const url = `ws://127.0.0.1:${port}/`;
  const server = await spawnServer(command, args, () => canRegister(url, warm[0]!));
  try {
    await (await registerOverWs(url, warm.slice(1))).close();
    const pid = server.child.pid!;
    const before = treePssKb(pid);
    const started = performance.now();
    const fleet = await registerOverWs(url, agents);
    const ms = performance.now() - started;
    const after = treePssKb(pid);
    await fleet.close();
    return {
      perAgentKb: (after - before) / Math.max(1, fleet.clients.length),
      what: `PSS${notRegistered(fleet)}`,
      agents: fleet.clients.length,
      failed: fleet.failed,
      ms,
    };
  } finally {
    await server.stop();
  }
}

async function canRegister(url: string, agent: WsAgent): Promise<boolean> {
  const fleet = await registerOverWs(url, [agent]);
  await fleet.close();
  return fleet.failed.length === 0;
}

/** "; 12 of 1,000 not registered: 12× could not connect (ECONNRESET)", or nothing when all were. */
function notRegistered(fleet: WsFleet): string {
  if (fleet.failed.length === 0) return '';
  const offered = fleet.clients.length + fleet.failed.length;
  return `; ${fleet.failed.length} of ${offered} not registered: ${failureSummary(fleet.failed)}`;
}
