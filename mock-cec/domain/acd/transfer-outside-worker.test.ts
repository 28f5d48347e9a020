import { afterEach, describe, expect, it, vi } from 'vitest';
import { OUTSIDE_TONE_HZ } from '../../telephony/media/outside-party.ts';
import {
  createWorkerMediaEngine,
  type WorkerMediaEngine,
} from '../../telephony/media/worker/worker-media-engine.ts';
import { gatewayTestApp } from '../../testing/gateway-test-app.ts';

/**
 * A talk transfer to an outside number (transfer-outside.test.ts) with the
 * call's mixer in a media worker (decision record 008): the number is made in
 * that worker, beside the mixer, and hears the customer through it once the
 * agent has gone; its figures come back with the worker's pushes.
 */
const WAIT = { timeout: 20_000, interval: 50 };
let engine: WorkerMediaEngine | undefined;
afterEach(() => engine?.close());

describe('an outside number with the media in a worker', () => {
  it('joins the mixer in the worker and hears the customer through it after the agent hangs up', async () => {
    engine = createWorkerMediaEngine({ workers: 1 });
    const worker = engine;
    const g = gatewayTestApp();
    vi.spyOn(g.calls, 'mixer').mockImplementation((group) => worker.mixer(group));
    const a = g.agents[0]!.workNo;
    g.register(a);
    await g.signIn(a);
    g.advance(1);
    const res = await g.request('/__mock/calls', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        tenant: g.tenant.id,
        from: '13900001111',
        behaviour: { source: { kind: 'tone' } },
      }),
    });
    const { id } = (await res.json()) as { id: string };
    g.calls.lastLeg!.ring().answer();
    g.drain(a);
    const body = { devicetype: 5, address: '5550100', mode: 3 };
    expect((await g.call('POST', `/voicecall/${a}/transfer`, a, { body })).body.retcode).toBe('0');
    expect(g.calls.mixer).toHaveBeenCalledWith(id);
    expect((await g.call('DELETE', `/voicecall/${a}/release`, a)).body.retcode).toBe('0');
    expect(g.center.acd.get(id)).toMatchObject({ state: 'talking', agent: undefined, transferredFrom: a });
    // The customer's voice reaches the number through the worker's mixer, and the number's reaches the customer.
    const flow = (from: string, to: string) =>
      g.center.acd.mixFlows(id).find((f) => f.from === from && f.to === to)?.energy ?? 0;
    await vi.waitFor(() => {
      expect(flow('customer', 'outside 5550100')).toBeGreaterThan(1);
      expect(flow('outside 5550100', 'customer')).toBeGreaterThan(1);
      expect(g.center.acd.outsideStats(id)).toMatchObject([
        { party: 'outside 5550100', frequencyHz: OUTSIDE_TONE_HZ },
      ]);
      expect(g.center.acd.outsideStats(id)[0]!.energyHeard).toBeGreaterThan(1);
    }, WAIT);
    // The customer hangs up: the number stops with the call.
    await g.request(`/__mock/calls/${id}`, { method: 'DELETE' });
    expect(g.center.acd.get(id)).toMatchObject({ state: 'ended', endReason: 'transferred-out' });
    expect(g.center.acd.outsideStats(id)).toEqual([]);
  });
});
