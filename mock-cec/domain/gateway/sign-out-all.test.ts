import { describe, expect, it } from 'vitest';
import { gatewayTestApp } from '../../testing/gateway-test-app.ts';

describe('signing every agent out when the simulator stops', () => {
  it('signs out each signed-in agent with AgentOther_ShutdownService, and leaves the others be', async () => {
    const g = gatewayTestApp(4);
    const [a, b] = g.agents;
    expect((await g.signIn(a!.workNo)).body.retcode).toBe('0');
    expect((await g.signIn(b!.workNo)).body.retcode).toBe('0');
    g.drain(a!.workNo);
    g.drain(b!.workNo);
    expect(g.center.desk.signOutAll(g.sim.nextCorr(), 'simulator stopping')).toBe(2);
    expect(g.drain(a!.workNo)).toContain('AgentOther_ShutdownService');
    expect(g.drain(b!.workNo)).toContain('AgentOther_ShutdownService');
    expect(g.center.agents.get(a!.workNo)?.state).toBe('signed-out');
    expect(g.center.desk.signOutAll(g.sim.nextCorr(), 'simulator stopping')).toBe(0);
  });
});
