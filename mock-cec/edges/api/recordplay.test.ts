import { describe, expect, it } from 'vitest';
import { samplesOf } from '../../domain/acd/recordings.ts';
import type { Tenant } from '../../infrastructure/config/tenant-schema.ts';
import { audioEnergy } from '../../telephony/media/audio-frame.ts';
import { toneFrame } from '../../telephony/media/tone.ts';
import { readWav } from '../../telephony/media/wav.ts';
import { type GatewayTestApp, gatewayTestApp } from '../../testing/gateway-test-app.ts';

const recording =
  (budgetBytes = 16 * 1024 * 1024) =>
  (t: Tenant): Tenant => ({ ...t, recording: { enabled: true, budgetBytes } });

/** A signed-in agent talking to a customer on a fake leg. */
async function talking(g: GatewayTestApp = gatewayTestApp(1, recording())) {
  const a = g.agents[0]!.workNo;
  g.register(a);
  await g.signIn(a);
  const placed = await g.request('/__mock/calls', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: g.tenant.id, from: '5551234' }),
  });
  const callId = ((await placed.json()) as { id: string }).id;
  const leg = g.calls.lastLeg!;
  leg.ring().answer();
  return { g, a, leg, callId };
}

const stopRecord = (g: GatewayTestApp, a: number) => g.call('DELETE', `/recordplay/${a}/stoprecord`, a);
const events = (g: GatewayTestApp, a: number) => {
  const agent = g.center.agents.get(a)!;
  const out: { eventType: string; content: unknown }[] = [];
  for (let e = g.center.agents.take(agent); e; e = g.center.agents.take(agent)) out.push(e);
  return out;
};

describe('recording (cec_07_1381, cec_07_1383, cec_07_4211)', () => {
  it('a connected call of a recording tenant is recorded: AgentMediaEvent_Record right after Talking, the leg tapped', async () => {
    const { g, a, leg, callId } = await talking();
    const seen = events(g, a);
    const types = seen.map((e) => e.eventType);
    expect(types.slice(types.indexOf('AgentEvent_Talking'))).toEqual([
      'AgentEvent_Talking',
      'AgentMediaEvent_Record',
    ]);
    const record = seen.find((e) => e.eventType === 'AgentMediaEvent_Record')!.content;
    expect(record).toMatchObject({
      taskId: 5001,
      caller: '5551234',
      callId,
      fileMediaType: '1',
      locationId: '0',
    });
    expect((record as { fileName: string }).fileName).toMatch(
      new RegExp(`^Y:/${g.tenant.config.vdnId}/0/\\d{8}/${a}/\\d{7}\\.V3$`),
    );
    expect(leg.tap).toBeDefined();
    expect(g.center.acd.recorder.store.forCall(callId).map((r) => [r.way, r.sipCallId])).toEqual([
      ['heard', leg.sipCallId],
      ['sent', leg.sipCallId],
    ]);
  });

  it("Call Out: recording starts when the customer answers, AgentMediaEvent_Record after Talking, caller and called the call's", async () => {
    const g = gatewayTestApp(1, recording());
    const a = g.agents[0]!.workNo;
    g.register(a);
    await g.signIn(a);
    events(g, a);
    const res = await g.call('PUT', `/voicecall/${a}/callout`, a, { body: { called: '13712345678' } });
    const callId = res.body.result as string;
    const leg = g.calls.lastLeg!;
    leg.ring();
    expect(events(g, a).map((e) => e.eventType)).not.toContain('AgentMediaEvent_Record');
    leg.answer();
    const seen = events(g, a);
    expect(seen.map((e) => e.eventType).slice(-2)).toEqual(['AgentEvent_Talking', 'AgentMediaEvent_Record']);
    expect(seen.at(-1)!.content).toMatchObject({ callId, called: '13712345678' });
    expect(leg.tap).toBeDefined();
  });

  it('keeps what the customer heard and sent; stoprecord answers 0, stops both, AgentMediaEvent_StopRecordDone', async () => {
    const { g, a, leg, callId } = await talking();
    events(g, a);
    leg.tap!.heard(toneFrame(1000, 0));
    leg.tap!.sent(toneFrame(440, 0));
    g.advance(1500);
    const res = await stopRecord(g, a);
    expect(res.body).toEqual({ message: 'success', retcode: '0', result: {} });
    const [done] = events(g, a);
    expect(done).toMatchObject({ eventType: 'AgentMediaEvent_StopRecordDone' });
    const content = done!.content as { beginTime: number; endTime: number; taskId: number };
    expect(content.endTime - content.beginTime).toBe(1500);
    expect(content.taskId).toBe(5001);
    expect(leg.tap).toBeUndefined();
    const [heard, sent] = g.center.acd.recorder.store.forCall(callId);
    expect(samplesOf(heard!)).toEqual(toneFrame(1000, 0));
    expect(samplesOf(sent!)).toEqual(toneFrame(440, 0));
    expect([heard!.endedBy, sent!.endedBy]).toEqual(['stoprecord', 'stoprecord']);
    const journal = g.sim.journal
      .query({ tenant: g.tenant.id, kind: 'media' })
      .map((e) => (e.kind === 'media' ? e.event : e.kind));
    expect(journal).toEqual(['recording started', 'recording stopped']);
  });

  it("the call's end stops the recording without StopRecordDone; the audio stays", async () => {
    const { g, a, leg, callId } = await talking();
    leg.tap!.heard(toneFrame(1000, 0));
    events(g, a);
    leg.end('customer-hangup');
    expect(events(g, a).map((e) => e.eventType)).not.toContain('AgentMediaEvent_StopRecordDone');
    const recs = g.center.acd.recorder.store.forCall(callId);
    expect(recs.map((r) => r.endedBy)).toEqual(['call-ended', 'call-ended']);
    expect(recs[0]!.samples).toBe(160);
  });

  it('refuses with 200-002: no call, a call no longer recorded; a tenant that does not record never records', async () => {
    const g = gatewayTestApp(1, recording());
    const a = g.agents[0]!.workNo;
    g.register(a);
    await g.signIn(a);
    expect((await stopRecord(g, a)).body).toMatchObject({
      retcode: '200-002',
      message: 'There is no connected call whose recording could stop',
    });
    const t = await talking();
    expect((await stopRecord(t.g, t.a)).body.retcode).toBe('0');
    expect((await stopRecord(t.g, t.a)).body).toMatchObject({
      retcode: '200-002',
      message: 'The call is not being recorded',
    });
    const off = await talking(gatewayTestApp(1));
    expect(events(off.g, off.a).map((e) => e.eventType)).not.toContain('AgentMediaEvent_Record');
    expect(off.leg.tap).toBeUndefined();
    expect((await stopRecord(off.g, off.a)).body.retcode).toBe('200-002');
  });

  it('refuses bad parameters with 000-002, a signed-out agent with 100-006, a missing GUID with 000-003', async () => {
    const { g, a } = await talking();
    expect((await g.call('DELETE', '/recordplay/abc/stoprecord', a)).body.retcode).toBe('000-002');
    expect((await g.call('DELETE', `/recordplay/${g.agents[1]!.workNo}/stoprecord`, a)).body.retcode).toBe(
      '100-006',
    );
    g.guids.delete(a);
    expect((await stopRecord(g, a)).body.retcode).toBe('000-003');
  });

  it('over the budget the oldest recording goes first, journaled; one alone over it stops growing', async () => {
    const { g, leg, callId } = await talking(gatewayTestApp(1, recording(160 * 2 * 3)));
    const frame = toneFrame(1000, 0);
    leg.tap!.heard(frame);
    leg.tap!.sent(frame);
    leg.tap!.sent(frame); // 3 frames: full
    leg.tap!.sent(frame); // the heard recording (oldest) is dropped
    const store = g.center.acd.recorder.store;
    expect(store.forCall(callId).map((r) => r.way)).toEqual(['sent']);
    leg.tap!.sent(frame); // alone over the budget: it stops growing
    expect(store.forCall(callId)[0]).toMatchObject({ truncated: true, samples: 480 });
    const events_ = g.sim.journal
      .query({ tenant: g.tenant.id, kind: 'media' })
      .map((e) => (e.kind === 'media' ? e.event : e.kind));
    expect(events_).toEqual(['recording started', 'recording dropped', 'recording truncated']);
  });
});

describe('the control API serves the recordings', () => {
  it("lists a call's recordings and serves each as a WAV of what was recorded", async () => {
    const { g, leg, callId } = await talking();
    for (let i = 0; i < 5; i++) leg.tap!.heard(toneFrame(1000, i));
    const base = `/__mock/tenants/${g.tenant.id}/calls/${callId}/recordings`;
    const list = (await (await g.request(base)).json()) as {
      recordings: { id: string; way: string; state: string; durationMs: number; wav: string }[];
    };
    expect(list.recordings.map((r) => [r.way, r.state, r.durationMs])).toEqual([
      ['heard', 'recording', 100],
      ['sent', 'recording', 0],
    ]);
    const res = await g.request(list.recordings[0]!.wav);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/wav');
    const read = readWav(new Uint8Array(await res.arrayBuffer()));
    expect(read.ok && read.samples.length).toBe(800);
    expect(read.ok && audioEnergy(read.samples)).toBeCloseTo(100, 0); // 800 samples of a sine at amplitude 0.5
    expect((await g.request(`${base}/nope`)).status).toBe(404);
    expect((await g.request(`/__mock/tenants/${g.tenant.id}/calls/1-1/recordings`)).status).toBe(404);
    // A tenant reset forgets them, with the calls.
    g.tenant.reset();
    expect(g.center.acd.recorder.store.bytes).toBe(0);
    expect(leg.tap).toBeUndefined();
    expect((await g.request(list.recordings[0]!.wav)).status).toBe(404);
  });
});
