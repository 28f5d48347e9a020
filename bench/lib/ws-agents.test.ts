import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockCec, startMockCec } from '../../mock-cec/start-mock-cec.ts';
import { failureSummary, registerOverWs } from './ws-agents.ts';

/**
 * The SIP bench's WebSocket fleet against a simulator that refuses some of it
 * (its cap on connections from one address): the refusals are a figure, not
 * an error that ends the bench (it crashed with an unhandled ECONNRESET).
 */
describe('registerOverWs', () => {
  let cec: MockCec;
  beforeAll(async () => {
    cec = await startMockCec({
      tls: false,
      port: 0,
      seed: 12,
      sip: { port: 0 },
      connectionLimits: { maxPerSource: 3 },
    });
  });
  afterAll(() => cec.close());

  it('registers what the server lets in and counts the agents it refuses, with why', async () => {
    const agents = cec.sim
      .tenants()[0]!
      .config.agents.slice(0, 5)
      .map((a) => ({ username: a.sipAccount, password: a.sipPwd }));
    const fleet = await registerOverWs(`ws://127.0.0.1:${cec.port}/sip`, agents, { concurrency: 5 });
    try {
      expect(fleet.clients).toHaveLength(3);
      expect(fleet.failed).toHaveLength(2);
      for (const f of fleet.failed) expect(f).toMatch(/^agent \S+: could not connect \(.+\)$/);
      expect(failureSummary(fleet.failed)).toMatch(/^2× could not connect/);
    } finally {
      await fleet.close();
    }
    // The server is unharmed: once the fleet has gone, an agent registers.
    const again = await registerOverWs(`ws://127.0.0.1:${cec.port}/sip`, agents.slice(0, 1));
    expect(again.failed).toEqual([]);
    await again.close();
  });
});
