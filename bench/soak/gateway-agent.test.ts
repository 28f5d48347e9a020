import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedTenant } from '../../mock-cec/infrastructure/config/seed-tenant.ts';
import { type MockCec, startMockCec } from '../../mock-cec/start-mock-cec.ts';
import { GatewayAgent, type PolledEvent } from './gateway-agent.ts';

let cec: MockCec;
let dir: string;
let dispatcher: Agent;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mock-cec-gateway-agent-'));
  const tenant = seedTenant(11, { agents: 2 });
  // GUIDs rotate on the first poll answered after 300 ms and die 600 ms later; polls end empty after 500 ms.
  tenant.gateway = { ...tenant.gateway, guidRotateMs: 300, guidTtlMs: 600, pollTimeoutMs: 500 };
  cec = await startMockCec({ port: 0, certDir: dir, tenants: [{ config: tenant, seed: 11 }], sip: false });
  dispatcher = new Agent({ connect: { ca: cec.cert!.ca } });
});

afterAll(async () => {
  await cec.close();
  await dispatcher.close();
  await rm(dir, { recursive: true, force: true });
});

it('signs in over the gateway, long-polls its events through a GUID rotation, and signs out when stopped', async () => {
  const tenant = cec.sim.tenants()[0]!;
  const agent = tenant.config.agents[0]!;
  const events: { event: PolledEvent; receivedAt: number }[] = [];
  const problems: string[] = [];
  const desk = new GatewayAgent({
    baseUrl: cec.url,
    dispatcher,
    workNo: agent.workNo,
    password: agent.password,
    sipAccount: agent.sipAccount,
    onEvent: (event, receivedAt) => events.push({ event, receivedAt }),
    onProblem: (p) => problems.push(p),
  });
  expect(await desk.signIn()).toBeUndefined();
  desk.startPolling();
  const until = async (done: () => boolean) => {
    const deadline = Date.now() + 10_000;
    while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  };
  await until(() => events.length >= 2);
  expect(events.map((e) => e.event.eventType)).toEqual(['AgentOther_InService', 'AgentState_Ready']);
  for (const e of events) {
    expect(e.event.workNo).toBe(String(agent.workNo));
    // The delay the soak reports: never negative, the simulator's clock being this one.
    expect(e.receivedAt - e.event.eventGenTime).toBeGreaterThanOrEqual(0);
  }

  // Polls go on past GUID rotations and past the old GUIDs' death: the agent follows Set-GUID.
  await new Promise((r) => setTimeout(r, 2_000));
  expect(problems).toEqual([]);

  // A ring timeout sets the agent not ready with reason 2; it says it is free again.
  const center = tenant.center!;
  const record = center.agents.get(agent.workNo)!;
  center.desk.changeState(record, { op: 'saybusy', reason: 2 }, cec.sim.nextCorr());
  await until(() => events.some((e) => e.event.eventType === 'AgentState_Ready' && e !== events[1]));
  expect(events.slice(2).map((e) => e.event.eventType)).toEqual([
    'AgentState_SetNotReady_Success',
    'AgentState_CancelNotReady_Success',
    'AgentState_Ready',
  ]);
  expect(record.state).toBe('idle');
  expect(problems).toEqual([]);

  await desk.stop();
  expect(record.state).toBe('signed-out');
});
