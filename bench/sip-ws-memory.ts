import { resolve } from 'node:path';
import { heapReader, inspectorUrl } from './lib/inspector.ts';
import { answers, freePort, spawnServer } from './lib/processes.ts';
import { treePssKb } from './lib/sip-probe.ts';
import { registerOverWs, type WsAgent } from './lib/ws-agents.ts';
import { ensureKamailioWs, prepareKamailio } from './peers/kamailio.ts';

/**
 * Memory per agent registered over WebSocket: 1,000 agents register with
 * digest and stay connected; what the server holds for them, per agent.
 * mock-cec is read through its inspector after a full GC (V8 heap, and RSS);
 * Kamailio, which keeps registrations in shared memory across processes, by
 * its proportional set size (PSS). A first 50 agents warm each server up
 * (code, pools) and disconnect before the baseline is taken.
 */
export interface WsMemory {
  perAgentKb: number;
  what: string;
  agents: number;
  /** Time to register them all, in ms. */
  ms: number;
}

const AGENTS = 1000;
const WARM_UP = 50;

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
    const kb = (bytes: number) => bytes / 1024 / agents.length;
    return {
      perAgentKb: kb(after.heapUsed - before.heapUsed),
      what: `heap; RSS ${kb(after.rss - before.rss).toFixed(1)} KB`,
      agents: agents.length,
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
    return { perAgentKb: (after - before) / agents.length, what: 'PSS', agents: agents.length, ms };
  } finally {
    await server.stop();
  }
}

async function canRegister(url: string, agent: WsAgent): Promise<boolean> {
  await (await registerOverWs(url, [agent])).close();
  return true;
}
