import { describe, expect, it } from 'vitest';
import { type GatewayTestApp, gatewayTestApp } from '../../testing/gateway-test-app.ts';

/** Let pending I/O callbacks and promise jobs run until `done()` holds (no clock involved). */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !done(); i++) await new Promise((r) => setImmediate(r));
  if (!done()) throw new Error('condition never held');
}

const poll = (g: GatewayTestApp, workNo: number) => g.call('GET', `/agentevent/${workNo}`, workNo);

describe('agentevent: the long poll', () => {
  it('answers one queued event per response, in order, in the vendor shape', async () => {
    const g = gatewayTestApp();
    const w = g.agents[0]!.workNo;
    await g.signIn(w);
    const first = await poll(g, w);
    expect(first.body).toEqual({
      message: '',
      retcode: '0',
      event: {
        eventType: 'AgentOther_InService',
        workNo: String(w),
        content: null,
        eventGenTime: g.tenant.now(),
      },
    });
    expect((await poll(g, w)).body.event?.eventType).toBe('AgentState_Ready');
  });

  it('waits for the next event, and answers without one after pollTimeoutMs', async () => {
    const g = gatewayTestApp();
    const w = g.agents[0]!.workNo;
    await g.signIn(w);
    g.drain();
    const waiting = poll(g, w);
    await until(() => g.center.polls.isWaiting(w));
    g.advance(g.tenant.config.gateway.pollTimeoutMs - 1);
    expect(g.center.polls.isWaiting(w)).toBe(true);
    g.advance(1);
    expect((await waiting).body).toEqual({ message: '', retcode: '0' });

    const next = poll(g, w);
    await until(() => g.center.polls.isWaiting(w));
    await g.call('POST', `/onlineagent/${w}/saybusy?reason=210`, w);
    expect((await next).body.event).toMatchObject({
      eventType: 'AgentState_SetNotReady_Success',
      content: { reason: '210' },
    });
  });

  it('lets a closed connection take its waiter with it, keeping the event for the next poll', async () => {
    const g = gatewayTestApp();
    const w = g.agents[0]!.workNo;
    await g.signIn(w);
    g.drain();
    const abort = new AbortController();
    const gone = g.request(`/agentgateway/resource/agentevent/${w}`, {
      headers: { Guid: g.guids.get(w)! },
      signal: abort.signal,
    });
    await until(() => g.center.polls.isWaiting(w));
    abort.abort();
    await Promise.resolve(gone).catch(() => undefined);
    expect(g.center.polls.size).toBe(0);
    expect(g.tenant.timers.size).toBeGreaterThan(0); // the idle watch, not the poll
    await g.call('POST', `/onlineagent/${w}/work`, w);
    expect((await poll(g, w)).body.event?.eventType).toBe('AgentState_SetWork_Success');
  });

  it('answers an older waiting poll empty when a newer one arrives', async () => {
    const g = gatewayTestApp();
    const w = g.agents[0]!.workNo;
    await g.signIn(w);
    g.drain();
    const older = poll(g, w);
    await until(() => g.center.polls.isWaiting(w));
    const newer = poll(g, w);
    expect((await older).body.event).toBeUndefined();
    await g.call('POST', `/onlineagent/${w}/work`, w);
    expect((await newer).body.event?.eventType).toBe('AgentState_SetWork_Success');
  });
});

describe('agentevent: GUID rotation and expiry', () => {
  it('sends a new Set-GUID on a poll every guidRotateMs; the old GUID works until guidTtlMs', async () => {
    const g = gatewayTestApp();
    const w = g.agents[0]!.workNo;
    await g.signIn(w);
    const first = g.guids.get(w)!;
    expect((await poll(g, w)).setGuid).toBeNull();
    g.advance(60_000);
    const rotated = await poll(g, w);
    expect(rotated.setGuid).toMatch(/^JSESSIONID=/);
    const second = g.guids.get(w)!;
    expect(second).not.toBe(first);
    // The old GUID is still valid for the rest of its 120 s.
    g.guids.set(w, first);
    expect((await g.call('POST', `/onlineagent/${w}/sayfree`, w)).body.retcode).toBe('0');
    g.advance(60_000);
    expect((await g.call('POST', `/onlineagent/${w}/sayfree`, w)).body.retcode).toBe('000-003');
    g.guids.set(w, second);
    expect((await g.call('POST', `/onlineagent/${w}/sayfree`, w)).body.retcode).toBe('0');
    const journal = g.sim.journal
      .query({ kind: 'state' })
      .filter((e) => e.kind === 'state' && e.entity === 'session');
    expect(journal.map((e) => (e.kind === 'state' ? e.to : ''))).toEqual(['open', 'rotated']);
  });

  it('expires a GUID that is never rotated after guidTtlMs', async () => {
    const g = gatewayTestApp(1, (t) => ({ ...t, gateway: { ...t.gateway, idleSignOutMs: 600_000 } }));
    const w = g.agents[0]!.workNo;
    await g.signIn(w);
    g.advance(119_999);
    expect((await g.call('POST', `/onlineagent/${w}/sayfree`, w)).body.retcode).toBe('0');
    g.advance(1);
    expect((await g.call('POST', `/onlineagent/${w}/sayfree`, w)).body.retcode).toBe('000-003');
  });
});

describe('agentevent: after a sign-out no poll saw', () => {
  it('delivers AgentOther_ShutdownService to the next poll with the old GUID, then 100-006', async () => {
    const g = gatewayTestApp();
    const w = g.agents[0]!.workNo;
    await g.signIn(w);
    g.drain();
    expect((await g.call('DELETE', `/onlineagent/${w}/logout`, w)).body.retcode).toBe('0');
    const farewell = await poll(g, w);
    expect(farewell.body).toMatchObject({
      retcode: '0',
      event: { eventType: 'AgentOther_ShutdownService', workNo: String(w) },
    });
    expect((await poll(g, w)).body.retcode).toBe('100-006');
    // A GUID that was never issued learns nothing.
    await g.signIn(w);
    await g.call('DELETE', `/onlineagent/${w}/logout`, w);
    g.guids.set(w, 'not-a-guid');
    expect((await poll(g, w)).body.retcode).toBe('100-006');
  });
});

describe('agentevent: unknown gateway URLs', () => {
  it('answers 000-002 in the retcode envelope, not a bare 404', async () => {
    const g = gatewayTestApp();
    for (const [method, path] of [
      ['GET', '/agentgateway/resource/nothing/101'],
      ['POST', '/agentgateway/resource/onlineagent/101/nosuchop'],
      ['PUT', '/agentgateway/resource/voicecall/101/teleport'],
      ['DELETE', '/agentgateway/resource/x'],
    ] as const) {
      const res = await g.request(path, { method });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ retcode: '000-002' });
    }
  });
});

describe('agentevent: idle sign-out', () => {
  it('signs out an agent not polled for idleSignOutMs', async () => {
    const g = gatewayTestApp();
    const w = g.agents[0]!.workNo;
    await g.signIn(w);
    g.advance(119_999);
    expect(g.center.agents.get(w)!.state).toBe('idle');
    g.advance(1);
    expect(g.center.agents.get(w)!.state).toBe('signed-out');
    // The events queued before the sign-out still reach the next poll with the old GUID, then 100-006.
    const events: string[] = [];
    for (let res = await poll(g, w); res.body.retcode === '0'; res = await poll(g, w)) {
      events.push(res.body.event!.eventType);
    }
    expect(events).toEqual(['AgentOther_InService', 'AgentState_Ready', 'AgentOther_ShutdownService']);
    expect((await poll(g, w)).body.retcode).toBe('100-006');
    const states = g.sim.journal
      .query({ kind: 'state' })
      .filter((e) => e.kind === 'state' && e.entity === 'agent');
    expect(states.at(-1)).toMatchObject({
      from: 'idle',
      to: 'signed-out',
      reason: 'not polled for 120000 ms',
    });
  });

  it('counts from the end of the last poll, and a waiting poll keeps the agent in', async () => {
    const g = gatewayTestApp(1, (t) => ({ ...t, gateway: { ...t.gateway, pollTimeoutMs: 300_000 } }));
    const w = g.agents[0]!.workNo;
    await g.signIn(w);
    g.drain();
    g.advance(100_000);
    const waiting = poll(g, w);
    await until(() => g.center.polls.isWaiting(w));
    g.advance(200_000);
    expect(g.center.agents.get(w)!.state).toBe('idle');
    g.advance(100_000);
    expect((await waiting).body.retcode).toBe('0');
    g.advance(119_999);
    expect(g.center.agents.get(w)!.state).toBe('idle');
    g.advance(1);
    expect(g.center.agents.get(w)!.state).toBe('signed-out');
  });
});
