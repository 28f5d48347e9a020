import { describe, expect, it } from 'vitest';
import type { Tenant } from '../../infrastructure/config/tenant-schema.ts';
import { type GatewayTestApp, gatewayTestApp } from '../../testing/gateway-test-app.ts';
import { PHONE_RINGS } from '../../testing/vendor-sequences.ts';

async function placeCall(g: GatewayTestApp, body: Record<string, unknown> = {}) {
  const res = await g.request('/__mock/calls', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: g.tenant.id, ...body }),
  });
  return { status: res.status, body: (await res.json()) as { id: string; callData: string; error?: string } };
}

/** The first agent signed in with a registered phone, its events drained. */
async function oneReady(g: GatewayTestApp) {
  const w = g.agents[0]!.workNo;
  g.register(w);
  await g.signIn(w);
  g.drain(w);
  return w;
}

const ACCOUNT = JSON.stringify({ account: '4711-0815', language: 'de' });

describe('calldata: the call-associated data', () => {
  it('carries the call data placed with the call to appdata, in base64 on isEncodeResult=true', async () => {
    const g = gatewayTestApp();
    const w = await oneReady(g);
    const placed = await placeCall(g, { from: '13900001111', callData: ACCOUNT });
    expect(placed).toMatchObject({ status: 201, body: { callData: ACCOUNT } });
    g.calls.lastLeg!.ring();
    const plain = await g.call('GET', `/calldata/${w}/appdata`, w);
    expect(plain.body).toEqual({ message: 'success', retcode: '0', result: ACCOUNT });
    const encoded = await g.call(
      'GET',
      `/calldata/${w}/appdata?isEncodeResult=true&callId=${placed.body.id}`,
      w,
    );
    expect(Buffer.from(String(encoded.body.result), 'base64').toString()).toBe(ACCOUNT);
    // Values other than true are processed as false (cec_07_1262).
    expect((await g.call('GET', `/calldata/${w}/appdata?isEncodeResult=yes`, w)).body.result).toBe(ACCOUNT);
  });

  it('replaces the call data with setcalldataex, plain or base64, and journals it', async () => {
    const g = gatewayTestApp();
    const w = await oneReady(g);
    const { body: call } = await placeCall(g, { callData: ACCOUNT });
    g.calls.lastLeg!.ring().answer();
    const set = await g.call('PUT', `/calldata/${w}/setcalldataex`, w, {
      body: { callid: call.id, calldata: 'ticket=42' },
    });
    expect(set.body).toEqual({ message: 'success', retcode: '0', result: {} });
    expect((await g.call('GET', `/calldata/${w}/appdata`, w)).body.result).toBe('ticket=42');
    const b64 = Buffer.from('größe=1').toString('base64');
    await g.call('PUT', `/calldata/${w}/setcalldataex`, w, { body: { calldata: b64, isDataEncoded: true } });
    expect((await g.call('GET', `/calldata/${w}/appdata`, w)).body.result).toBe('größe=1');
    const entries = g.sim.journal
      .query({ kind: 'state' })
      .filter((e) => e.kind === 'state' && e.entity === 'call' && e.reason?.startsWith('call data'));
    expect(entries.map((e) => (e.kind === 'state' ? e.reason : ''))).toEqual([
      `call data set by agent ${w} (9 bytes)`,
      `call data set by agent ${w} (9 bytes)`,
    ]);
  });

  it('refuses bad setcalldataex bodies with 000-002', async () => {
    const g = gatewayTestApp();
    const w = await oneReady(g);
    const { body: call } = await placeCall(g);
    g.calls.lastLeg!.ring().answer();
    const put = (body: unknown) => g.call('PUT', `/calldata/${w}/setcalldataex`, w, { body });
    expect((await put([1])).body.retcode).toBe('000-002');
    expect((await put({ calldata: 7 })).body.retcode).toBe('000-002');
    expect((await put({ calldata: 'x', isDataEncoded: 'true' })).body.retcode).toBe('000-002');
    expect((await put({ calldata: 'not base64!', isDataEncoded: true })).body.retcode).toBe('000-002');
    expect((await put({ calldata: 'x'.repeat(16 * 1024 + 1) })).body.retcode).toBe('000-002');
    expect((await put({ callid: '1-999', calldata: 'x' })).body.retcode).toBe('000-002');
    expect((await put({ callid: call.id, calldata: 'x'.repeat(16 * 1024) })).body.retcode).toBe('0');
  });

  it('answers 200-002 without a call, 100-006 signed out, 000-003 without the GUID', async () => {
    const g = gatewayTestApp();
    const w = await oneReady(g);
    for (const [method, path] of [
      ['GET', 'appdata'],
      ['GET', 'callinfobeforeanswer'],
      ['GET', 'callinfobycallid/1-1'],
    ] as const) {
      expect((await g.call(method, `/calldata/${w}/${path}`, w)).body.retcode).toBe('200-002');
    }
    expect(
      (await g.call('PUT', `/calldata/${w}/setcalldataex`, w, { body: { calldata: 'x' } })).body.retcode,
    ).toBe('200-002');
    g.guids.delete(w);
    expect((await g.call('GET', `/calldata/${w}/appdata`, w)).body.retcode).toBe('000-003');
    const other = g.agents[1]!.workNo;
    expect((await g.call('GET', `/calldata/${other}/appdata`, other)).body.retcode).toBe('100-006');
    expect((await g.call('GET', `/calldata/${w}/callinfobycallid/nope`, w)).body.retcode).toBe('000-003');
  });
});

describe('calldata: call information', () => {
  it('describes the ringing call before the answer: caller, skill, call data', async () => {
    const g = gatewayTestApp();
    const w = await oneReady(g);
    const { body: call } = await placeCall(g, {
      from: '13900001111',
      to: '10086',
      skillId: 1,
      callData: ACCOUNT,
    });
    g.calls.lastLeg!.ring();
    const info = await g.call('GET', `/calldata/${w}/callinfobeforeanswer`, w);
    expect(info.body).toEqual({
      message: 'success',
      retcode: '0',
      result: {
        callfeature: '0',
        callid: call.id,
        caller: '13900001111',
        called: '10086',
        callskill: 'General',
        callskillid: '1',
        orgicallednum: '10086',
        calldata: ACCOUNT,
        begintime: String(g.tenant.now()),
        endtime: '',
        userPriority: '0',
        trunkNo: '',
        logontimes: '',
      },
    });
    const byId = await g.call('GET', `/calldata/${w}/callinfobycallid/${call.id}`, w);
    expect(byId.body.result).toEqual(info.body.result);
  });

  it('answers 000-002 for a malformed callid and 200-002 for one not in progress', async () => {
    const g = gatewayTestApp();
    const w = await oneReady(g);
    const { body: call } = await placeCall(g);
    g.calls.lastLeg!.ring().answer().end('customer-hangup');
    expect((await g.call('GET', `/calldata/${w}/callinfobycallid/abc`, w)).body.retcode).toBe('000-002');
    expect((await g.call('GET', `/calldata/${w}/callinfobycallid/${call.id}`, w)).body.retcode).toBe(
      '200-002',
    );
  });

  it('sends AgentEvent_Incoming_CallInfo before the phone alerts when the tenant turns it on', async () => {
    const on = (t: Tenant): Tenant => ({ ...t, gateway: { ...t.gateway, incomingCallInfo: true } });
    const g = gatewayTestApp(1, on);
    const w = await oneReady(g);
    const { body: call } = await placeCall(g, { from: '13900001111', to: '10086', skillId: 1 });
    g.calls.lastLeg!.ring();
    const agent = g.center.agents.get(w)!;
    expect(agent.events.map((e) => e.eventType)).toEqual(['AgentEvent_Incoming_CallInfo', ...PHONE_RINGS]);
    expect(agent.events[0]!.content).toEqual({
      callId: call.id,
      skillName: 'General',
      skillId: 1,
      caller: '13900001111',
      called: '10086',
      lastReleaseAgentId: 65_535,
      mediaType: 5,
      releaseAndReQueueCount: 0,
      releaseAndReQueueCallFlag: 0,
    });
    // Off (the default): the documented sequence alone.
    const g2 = gatewayTestApp();
    const w2 = await oneReady(g2);
    await placeCall(g2);
    g2.calls.lastLeg!.ring();
    expect(g2.drain(w2)).toEqual(PHONE_RINGS);
  });

  it('refuses call data over 16 KB on the control API', async () => {
    const g = gatewayTestApp();
    const placed = await placeCall(g, { callData: 'x'.repeat(16 * 1024 + 1) });
    expect(placed.status).toBe(400);
  });
});
