import { describe, expect, it } from 'vitest';
import type { Tenant } from '../../infrastructure/config/tenant-schema.ts';
import { type GatewayTestApp, gatewayTestApp } from '../../testing/gateway-test-app.ts';

const WRAP_UP_MS = 30_000;
const withWrapUp = (t: Tenant): Tenant => ({ ...t, acd: { ...t.acd, wrapUpMs: WRAP_UP_MS } });

async function talking(g: GatewayTestApp, signIn: Record<string, unknown> = {}) {
  const w = g.agents[0]!.workNo;
  g.register(w);
  await g.signIn(w, signIn);
  g.drain(w);
  await g.request('/__mock/calls', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: g.tenant.id }),
  });
  g.calls.lastLeg!.ring().answer();
  g.drain(w);
  return w;
}

const state = (g: GatewayTestApp, w: number) => g.center.agents.get(w)!.state;

describe('wrap-up: after-call work', () => {
  it("ends by itself after the tenant's wrap-up time, with CancelWork_Success and Ready", async () => {
    const g = gatewayTestApp(1, withWrapUp);
    const w = await talking(g, { autoenteridle: false });
    g.calls.lastLeg!.end('customer-hangup');
    expect(state(g, w)).toBe('work');
    expect(g.drain(w).at(-1)).toBe('AgentState_Work');
    expect(g.center.desk.wrapUpEndsAt(w)).toBe(g.tenant.now() + WRAP_UP_MS);
    g.advance(WRAP_UP_MS - 1);
    expect(state(g, w)).toBe('work');
    g.advance(1);
    expect(state(g, w)).toBe('idle');
    expect(g.drain(w)).toEqual(['AgentState_CancelWork_Success', 'AgentState_Ready']);
    expect(g.center.desk.wrapUpEndsAt(w)).toBeUndefined();
    const moves = g.sim.journal
      .query({ kind: 'state' })
      .flatMap((e) => (e.kind === 'state' && e.entity === 'agent' ? [e.reason ?? ''] : []));
    expect(moves.at(-1)).toBe(`wrap-up time over (${WRAP_UP_MS} ms)`);
  });

  it('also follows work asked for during the call (the bar’s Wrap-up button)', async () => {
    const g = gatewayTestApp(1, withWrapUp);
    const w = await talking(g);
    expect((await g.call('POST', `/onlineagent/${w}/work`, w)).body.retcode).toBe('0');
    g.calls.lastLeg!.end('agent-hangup');
    expect(state(g, w)).toBe('work');
    g.advance(WRAP_UP_MS);
    expect(state(g, w)).toBe('idle');
  });

  it('ends at once with cancelwork, and the timer then changes nothing', async () => {
    const g = gatewayTestApp(1, withWrapUp);
    const w = await talking(g, { autoenteridle: false });
    g.calls.lastLeg!.end('customer-hangup');
    g.drain(w);
    expect((await g.call('POST', `/onlineagent/${w}/cancelwork`, w)).body.retcode).toBe('0');
    expect(g.drain(w)).toEqual(['AgentState_CancelWork_Success', 'AgentState_Ready']);
    await g.call('POST', `/onlineagent/${w}/saybusy`, w);
    g.drain(w);
    g.advance(WRAP_UP_MS);
    expect(state(g, w)).toBe('busy');
    expect(g.drain(w)).toEqual([]);
  });

  it('does not time out work the agent chose outside a call, nor any work when the time is 0', async () => {
    const g = gatewayTestApp(1, withWrapUp);
    const w = g.agents[0]!.workNo;
    await g.signIn(w);
    await g.call('POST', `/onlineagent/${w}/work`, w);
    g.advance(WRAP_UP_MS * 2);
    expect(state(g, w)).toBe('work');

    const plain = gatewayTestApp();
    const p = await talking(plain, { autoenteridle: false });
    plain.calls.lastLeg!.end('customer-hangup');
    plain.advance(100_000); // under the idle sign-out (120 s without a poll)
    expect(state(plain, p)).toBe('work');
  });

  it('stops with a sign-out: a new session is not moved by the old timer', async () => {
    const g = gatewayTestApp(1, withWrapUp);
    const w = await talking(g, { autoenteridle: false });
    g.calls.lastLeg!.end('customer-hangup');
    await g.call('DELETE', `/onlineagent/${w}/logout`, w);
    await g.signIn(w, { status: 5 });
    g.drain(w);
    g.advance(WRAP_UP_MS);
    expect(state(g, w)).toBe('work');
    expect(g.drain(w)).toEqual([]);
  });
});
