import { beforeEach, describe, expect, it, vi } from 'vitest';
import { composeTenants } from '../../../compose-tenants.ts';
import type { CallLeg, CustomerBehaviour, LegEndReason } from '../../../domain/calls/customer-calls.ts';
import { seedTenant } from '../../../infrastructure/config/seed-tenant.ts';
import { ManualClock } from '../../../infrastructure/primitives/clock.ts';
import { ClockTimers } from '../../../infrastructure/primitives/timers.ts';
import { Simulator } from '../../../infrastructure/state/simulator.ts';
import type { TenantRuntime } from '../../../infrastructure/state/tenant-runtime.ts';
import { MediaError } from '../../media/media-error.ts';
import { header, headerValues } from '../core/message.ts';
import { SipService } from '../sip-service.ts';
import { FakeMediaEngine, fakeSdp } from '../testing/fake-media-engine.ts';
import { FakePhone } from '../testing/fake-phone.ts';
import { ANSWER_WAIT_MS, REATTACH_MS } from './customer-ua.ts';

const tone: CustomerBehaviour = { answer: 'answer', source: { kind: 'tone' }, mode: 'both' };

let sim: Simulator;
let tenant: TenantRuntime;
let sip: SipService;
let media: FakeMediaEngine;
let phone: FakePhone;

function setup(withMedia = true) {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  sim = new Simulator({ clock, realTimers: false });
  media = new FakeMediaEngine();
  sip = new SipService(sim, {
    timers: new ClockTimers(clock, { real: false }),
    media: withMedia ? media : undefined,
    secret: Buffer.from('s'),
  });
  composeTenants(sim, { sip });
  tenant = sim.addTenant(seedTenant(21, { agents: 3 }), 21);
  phone = new FakePhone(sip.server, tenant.config.agents[0]!, 'w1');
}

const agent = () => tenant.config.agents[0]!;
const ended = (leg: CallLeg) =>
  new Promise<[LegEndReason, number | undefined]>((r) =>
    leg.on('ended', (reason, status) => r([reason, status])),
  );
const event = (leg: CallLeg, e: 'ringing' | 'answered') => new Promise<void>((r) => leg.on(e, () => r()));
const dialRequest = (behaviour = tone) => ({
  tenant: tenant.id,
  from: '5551234',
  toSipAccount: agent().sipAccount,
  behaviour,
  headers: { 'X-Call-Id': 'gw-1' },
});
const dial = (behaviour = tone) => sip.customer.dial(dialRequest(behaviour));

describe('the customer calls an agent', () => {
  beforeEach(async () => {
    setup();
    await phone.register();
  });

  it('sends an INVITE with a WebRTC offer through the proxy, rings, is answered, and hangs up with BYE', async () => {
    const leg = dial();
    const invite = await phone.nextRequest('INVITE');
    expect(invite.uri).toBe(phone.contact);
    expect(header(invite, 'from')).toMatch(/^"5551234" <sip:5551234@127\.0\.0\.1>;tag=[\w.]+$/);
    expect(header(invite, 'x-call-id')).toBe('gw-1');
    expect(invite.body.toString()).toContain('UDP/TLS/RTP/SAVPF');
    expect(headerValues(invite, 'via')).toHaveLength(2);
    expect(sip.customer.isRegistered(tenant.id, agent().sipAccount)).toBe(true);

    const ringing = event(leg, 'ringing');
    phone.respond(invite, 180);
    await ringing;
    const answered = event(leg, 'answered');
    phone.respond(invite, 200, { sdp: true });
    const ack = await phone.nextRequest('ACK');
    await answered;
    expect(ack.uri).toBe(phone.contact);
    expect(media.answers[0]).toContain('a=fingerprint');
    expect(leg.mediaStats()).toMatchObject({ flavour: 'webrtc' });

    const done = ended(leg);
    await leg.hangup();
    const bye = await phone.nextRequest('BYE');
    phone.respond(bye, 200);
    expect(await done).toEqual(['customer-hangup', undefined]);
    expect(media.sessions[0]!.closed).toBe(true);
    const states = sim.journal
      .query({ kind: 'state' })
      .filter((e) => e.kind === 'state' && e.entity === 'call')
      .map((e) => (e.kind === 'state' ? e.to : ''));
    expect(states).toEqual(['ringing', 'answered', 'ended']);
  });

  it('holds and takes back from the CEC: a re-INVITE with its own SDP inactive, then sendrecv, each ACKed; a refusal says why', async () => {
    const leg = dial();
    const invite = await phone.nextRequest('INVITE');
    const answered = event(leg, 'answered');
    phone.respond(invite, 200, { sdp: true });
    await phone.nextRequest('ACK');
    await answered;
    for (const direction of ['inactive', 'sendrecv'] as const) {
      const outcome = leg.reinvite(direction);
      const re = await phone.nextRequest('INVITE');
      expect(header(re, 'call-id')).toBe(leg.sipCallId);
      expect(re.body.toString()).toContain(`a=${direction}`);
      expect(re.body.toString()).toContain('UDP/TLS/RTP/SAVPF');
      phone.respond(re, 200, { sdp: true });
      const ack = await phone.nextRequest('ACK');
      expect(header(ack, 'cseq')).toBe(header(re, 'cseq')!.replace('INVITE', 'ACK'));
      expect(await outcome).toEqual({ ok: true });
    }
    const refused = leg.reinvite('inactive');
    const re = await phone.nextRequest('INVITE');
    phone.respond(re, 488);
    await phone.nextRequest('ACK');
    expect(await refused).toEqual({
      ok: false,
      why: 'the phone answered the re-INVITE 488 Not Acceptable Here',
    });
    expect(sip.customer.leg(leg.sipCallId)?.state).toBe('answered');
  });

  it("makes Call-IDs and tags unique per start: the same counter, then the start's own tag", async () => {
    const first = dial();
    const invite = await phone.nextRequest('INVITE');
    const tag = /tag=([\w.]+)/.exec(header(invite, 'from')!)![1]!;
    setup();
    await phone.register();
    const second = dial();
    const again = await phone.nextRequest('INVITE');
    const [a, b] = [first.sipCallId, second.sipCallId];
    expect(a).not.toBe(b);
    expect(a.replace(/\.\w+@/, '@')).toBe(b.replace(/\.\w+@/, '@'));
    expect(/tag=([\w.]+)/.exec(header(again, 'from')!)![1]).not.toBe(tag);
  });

  it('cancels a ringing call: CANCEL reaches the phone, its 487 ends the leg', async () => {
    const leg = dial();
    const invite = await phone.nextRequest('INVITE');
    phone.respond(invite, 180);
    await event(leg, 'ringing');
    const done = ended(leg);
    await leg.hangup();
    const cancel = await phone.nextRequest('CANCEL');
    phone.respond(cancel, 200);
    phone.respond(invite, 487);
    expect(await done).toEqual(['cancelled', 487]);
    // The proxy ACKs the 487 hop by hop.
    expect((await phone.nextRequest('ACK')).uri).toBe(phone.contact);
  });

  it('ends as agent-hangup when the phone sends BYE', async () => {
    const leg = dial();
    const invite = await phone.nextRequest('INVITE');
    phone.respond(invite, 200, { sdp: true });
    const ack = await phone.nextRequest('ACK');
    expect(ack.method).toBe('ACK');
    const done = ended(leg);
    const routes = headerValues(invite, 'record-route');
    phone.send(
      [
        `BYE ${/<([^>]+)>/.exec(header(invite, 'contact')!)![1]} SIP/2.0`,
        'Via: SIP/2.0/WSS w1.invalid;branch=z9hG4bKbye1',
        'Max-Forwards: 70',
        ...routes.map((r) => `Route: ${r}`),
        `From: ${header(invite, 'to')};tag=phone-w1`,
        `To: ${header(invite, 'from')}`,
        `Call-ID: ${header(invite, 'call-id')}`,
        'CSeq: 1 BYE',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
    const ok = await phone.next();
    expect(ok.kind === 'response' && ok.status).toBe(200);
    expect(await done).toEqual(['agent-hangup', undefined]);
  });

  it("keeps a call through a phone's reconnection; ends one whose phone does not come back (430)", async () => {
    const other = new FakePhone(sip.server, tenant.config.agents[1]!, 'w2');
    await other.register();
    const legs = [
      dial(),
      sip.customer.dial({ ...dialRequest(), toSipAccount: tenant.config.agents[1]!.sipAccount }),
    ];
    for (const p of [phone, other]) {
      const invite = await p.nextRequest('INVITE');
      p.respond(invite, 200, { sdp: true });
      await p.nextRequest('ACK');
    }
    const [back, gone] = legs as [CallLeg, CallLeg];
    const done = ended(gone);
    phone.flow.close();
    other.flow.close();
    // The first phone reconnects and registers its Contact again, on a new flow.
    const again = new FakePhone(sip.server, agent(), 'w3', 'wss', phone.contact);
    await again.register();
    tenant.advance(REATTACH_MS - 1);
    expect(sip.customer.leg(gone.sipCallId)?.state).toBe('answered');
    tenant.advance(1);
    expect(await done).toEqual(['failed', 430]);
    expect(sip.customer.leg(back.sipCallId)?.state).toBe('answered');
    // The call goes on: the customer's BYE reaches the phone over its new connection.
    await back.hangup();
    expect((await again.nextRequest('BYE')).uri).toBe(phone.contact);
  });

  it('asks a ringing phone to answer with an out-of-dialog NOTIFY Event: talk naming the call', async () => {
    const leg = dial();
    const asked = leg.requestAnswer();
    const invite = await phone.nextRequest('INVITE');
    phone.respond(invite, 180);
    const notify = await phone.nextRequest('NOTIFY');
    expect(notify.uri).toBe(phone.contact);
    expect(header(notify, 'event')).toBe('talk');
    expect(header(notify, 'to')).not.toMatch(/tag=/);
    expect(header(notify, 'target-dialog')).toBe(
      `${leg.sipCallId};local-tag=phone-w1;remote-tag=${/tag=([\w.]+)/.exec(header(invite, 'from')!)![1]}`,
    );
    phone.respond(notify, 200);
    // Taking the NOTIFY is not enough: the phone must answer the call.
    phone.respond(invite, 200, { sdp: true });
    expect(await asked).toEqual({ ok: true });
  });

  it('says why when the phone takes NOTIFY Event: talk but does not answer (Linphone) within ANSWER_WAIT_MS', async () => {
    const leg = dial();
    const invite = await phone.nextRequest('INVITE');
    phone.respond(invite, 180);
    await event(leg, 'ringing');
    const asked = leg.requestAnswer();
    phone.respond(await phone.nextRequest('NOTIFY'), 200);
    let outcome: unknown;
    void asked.then((o) => (outcome = o));
    // The wait starts once the 200 is through; its end is on the tenant's clock.
    await vi.waitFor(() => {
      tenant.advance(ANSWER_WAIT_MS);
      expect(outcome).toBeDefined();
    });
    expect(await asked).toEqual({
      ok: false,
      why: `the softphone took NOTIFY Event: talk (200) but did not answer within ${ANSWER_WAIT_MS} ms: it must be answered on the phone`,
    });
    expect(sip.customer.leg(leg.sipCallId)?.state).toBe('ringing');
  });

  it("sends the NOTIFY along the call's route: it reaches a phone whose Contact is not the one it registered", async () => {
    const leg = dial();
    const invite = await phone.nextRequest('INVITE');
    // baresip over TCP registers one port and answers with another in its Contact.
    phone.respond(invite, 180, { contact: 'sip:elsewhere@192.0.2.77:5099;transport=tcp' });
    await event(leg, 'ringing');
    const asked = leg.requestAnswer();
    const notify = await phone.nextRequest('NOTIFY');
    expect(notify.uri).toBe('sip:elsewhere@192.0.2.77:5099;transport=tcp');
    phone.respond(notify, 481);
    expect(await asked).toMatchObject({ ok: false });
  });

  it('says why when the phone refuses NOTIFY Event: talk (baresip: 481), journals it, and the call keeps ringing', async () => {
    const leg = dial();
    const invite = await phone.nextRequest('INVITE');
    phone.respond(invite, 180);
    await event(leg, 'ringing');
    const asked = leg.requestAnswer();
    phone.respond(await phone.nextRequest('NOTIFY'), 481);
    const why =
      'the softphone refused NOTIFY Event: talk with 481 Call/Transaction Does Not Exist: it must be answered on the phone';
    expect(await asked).toEqual({ ok: false, why });
    expect(sip.customer.leg(leg.sipCallId)?.state).toBe('ringing');
    expect(sim.journal.query({ kind: 'state' }).at(-1)).toMatchObject({
      entity: 'call',
      id: leg.sipCallId,
      from: 'ringing',
      to: 'ringing',
      reason: `answer refused: ${why}`,
    });
  });

  it("writes a Contact of the phone's transport: none for UDP, transport=tcp for TCP", async () => {
    for (const [i, transport, contact] of [
      [1, 'udp', /^<sip:5551234@127\.0\.0\.1:5060>$/],
      [2, 'tcp', /^<sip:5551234@127\.0\.0\.1:5060;transport=tcp>$/],
    ] as const) {
      const p = new FakePhone(
        sip.server,
        tenant.config.agents[i]!,
        `p${i}`,
        transport,
        `sip:p${i}@192.0.2.9:5070`,
      );
      await p.register();
      sip.customer.dial({ ...dialRequest(), toSipAccount: tenant.config.agents[i]!.sipAccount });
      const invite = await p.nextRequest('INVITE');
      expect(header(invite, 'contact')).toMatch(contact);
      expect(header(invite, 'supported')).toBeUndefined(); // an empty list: no extension
      expect(invite.headers.some((h) => h.key === 'supported')).toBe(true);
    }
  });

  it('reports an unregistered softphone as unreachable (480)', async () => {
    const leg = sip.customer.dial({
      tenant: tenant.id,
      from: '5551234',
      toSipAccount: tenant.config.agents[1]!.sipAccount,
      behaviour: tone,
    });
    expect(await ended(leg)).toEqual(['unreachable', 480]);
    expect(media.sessions[0]!.flavour).toBe('rtp');
  });

  it('hangs up by itself after hangupAfterMs on the tenant clock', async () => {
    const leg = dial({ ...tone, hangupAfterMs: 3000 });
    const invite = await phone.nextRequest('INVITE');
    const answered = event(leg, 'answered');
    phone.respond(invite, 200, { sdp: true });
    await phone.nextRequest('ACK');
    await answered;
    tenant.advance(2999);
    expect(leg.mediaStats()).toBeDefined();
    expect(phone.pending).toBe(0);
    tenant.advance(1);
    expect((await phone.nextRequest('BYE')).method).toBe('BYE');
  });

  it('hangs up with BYE and a Reason when the phone answers with SDP the engine cannot use', async () => {
    media.failNextAccept = new MediaError('no-common-codec', 'the answer chose no G.711 codec');
    const leg = dial();
    const invite = await phone.nextRequest('INVITE');
    const done = ended(leg);
    phone.respond(invite, 200, { sdp: true });
    expect((await phone.nextRequest('ACK')).method).toBe('ACK');
    const bye = await phone.nextRequest('BYE');
    expect(header(bye, 'reason')).toBe('SIP;cause=488;text="the answer chose no G.711 codec"');
    expect(await done).toEqual(['failed', 488]);
    expect(media.sessions[0]!.closed).toBe(true);
  });

  it("places the leg's media with its call, and a media failure under the call is journaled and hangs up", async () => {
    const leg = sip.customer.dial({ ...dialRequest(), mediaGroup: 'call-7' });
    const invite = await phone.nextRequest('INVITE');
    const answered = event(leg, 'answered');
    phone.respond(invite, 200, { sdp: true });
    await phone.nextRequest('ACK');
    await answered;
    expect(media.options[0]!.group).toBe('call-7');
    const done = ended(leg);
    media.options[0]!.onFailure!('media worker exited with code 1');
    const bye = await phone.nextRequest('BYE');
    phone.respond(bye, 200);
    expect((await done)[0]).toBe('customer-hangup');
    const failed = sim.journal
      .query({ kind: 'media' })
      .filter((e) => e.kind === 'media' && e.event === 'failed');
    expect(failed.map((e) => (e.kind === 'media' ? [e.callId, e.detail] : []))).toEqual([
      [leg.sipCallId, 'media worker exited with code 1'],
    ]);
  });

  it('makes the audio one-way when a media fault says so', async () => {
    sim.faults.add({ on: 'media', agent: agent().workNo, action: { do: 'media', mode: 'one-way-in' } });
    const leg = dial();
    const invite = await phone.nextRequest('INVITE');
    const answered = event(leg, 'answered');
    phone.respond(invite, 200, { sdp: true });
    await answered;
    expect(media.sessions[0]!.modes).toEqual(['both', 'one-way-in']);
  });

  it('hangs up every call of a tenant on reset', async () => {
    const leg = dial();
    const invite = await phone.nextRequest('INVITE');
    phone.respond(invite, 180);
    await event(leg, 'ringing');
    tenant.reset();
    expect(sip.customer.legs(tenant.id)).toEqual([]);
    expect((await phone.nextRequest('CANCEL')).method).toBe('CANCEL');
  });
});

describe('an agent calls a customer number', () => {
  beforeEach(async () => {
    setup();
    await phone.register();
  });

  it('is busy on 5550102', async () => {
    await phone.call('5550102');
    const res = await phone.next();
    expect(res.kind === 'response' && res.status).toBe(486);
  });

  it('rings forever on 5550103 until cancelled', async () => {
    const { callId } = await phone.call('5550103');
    const ringing = await phone.next();
    expect(ringing.kind === 'response' && ringing.status).toBe(180);
    const leg = sip.customer.leg(callId)!;
    expect(leg.state).toBe('ringing');
    await leg.hangup();
    const res = await phone.next();
    expect(res.kind === 'response' && res.status).toBe(480);
    expect(leg.endReason).toBe('rejected');
  });

  it('answers 5550100 with media, and 5550104 hangs up after 5 s', async () => {
    const call = await phone.call('5550104');
    expect((await phone.next()).kind === 'response').toBe(true);
    const ok = await phone.next();
    expect(ok.kind === 'response' && ok.status).toBe(200);
    expect(ok.body.toString()).toContain('UDP/TLS/RTP/SAVPF');
    expect(headerValues(ok, 'record-route').length).toBeGreaterThan(0);
    phone.send(call.inDialog('ACK', ok));
    const leg = sip.customer.leg(call.callId)!;
    await new Promise<void>((r) => (leg.state === 'answered' ? r() : leg.on('answered', () => r())));
    expect(leg.direction).toBe('from-agent');
    tenant.advance(5000);
    const bye = await phone.nextRequest('BYE');
    expect(bye.uri).toBe(phone.contact);
    expect(leg.endReason).toBe('customer-hangup');
  });

  it('says what it allows and supports, refuses REFER, UPDATE, SUBSCRIBE and MESSAGE in the call with 405, and the call goes on', async () => {
    const call = await phone.call('5550100');
    await phone.next(); // 180
    const ok = await phone.next();
    expect(ok.kind === 'response' && ok.status).toBe(200);
    // RFC 3261 §13.3.1.4; and the Contact names the phone's transport (WSS: ws), not the link's TCP.
    expect(headerValues(ok, 'allow').join(', ')).toBe('INVITE, ACK, CANCEL, BYE, OPTIONS, INFO');
    expect(ok.headers.some((h) => h.key === 'supported')).toBe(true);
    expect(header(ok, 'contact')).toBe('<sip:5550100@127.0.0.1:5060;transport=ws>');
    phone.send(call.inDialog('ACK', ok));
    const leg = sip.customer.leg(call.callId)!;
    await new Promise<void>((r) => (leg.state === 'answered' ? r() : leg.on('answered', () => r())));
    for (const method of ['REFER', 'UPDATE', 'SUBSCRIBE', 'MESSAGE', 'NOTIFY']) {
      phone.send(call.inDialog(method, ok));
      const res = await phone.next();
      expect(res.kind === 'response' && [res.status, headerValues(res, 'allow').join(', ')]).toEqual([
        405,
        'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO',
      ]);
    }
    phone.send(call.inDialog('OPTIONS', ok));
    const options = await phone.next();
    expect(options.kind === 'response' && options.status).toBe(200);
    expect(headerValues(options, 'allow')).toHaveLength(6);
    expect(options.headers.some((h) => h.key === 'supported')).toBe(true);
    // A re-INVITE without an offer gets our session as it is (RFC 3261 §14.2).
    phone.send(call.inDialog('INVITE', ok));
    const reinvite = await phone.next();
    expect(reinvite.kind === 'response' && reinvite.status).toBe(200);
    expect(reinvite.body.toString()).toContain('a=sendrecv');
    expect(leg.state).toBe('answered');
  });

  it("accepts a phone's own hold and resume (re-INVITE sendonly, then sendrecv): answers recvonly, then sendrecv, and routes the media to match", async () => {
    const call = await phone.call('5550100');
    await phone.next(); // 180
    const ok = await phone.next();
    phone.send(call.inDialog('ACK', ok));
    const leg = sip.customer.leg(call.callId)!;
    await new Promise<void>((r) => (leg.state === 'answered' ? r() : leg.on('answered', () => r())));
    const session = media.sessions.at(-1)!;
    const offer = (direction: string) => ({
      type: 'application/sdp',
      text: fakeSdp('rtp', '127.0.0.1', 30_000).replace('a=sendrecv', `a=${direction}`),
    });
    for (const [theirs, ours, route] of [
      ['sendonly', 'recvonly', { send: false, hear: 'peer' }],
      ['inactive', 'inactive', { send: false, hear: 'nothing' }],
      ['sendrecv', 'sendrecv', { send: true, hear: 'peer' }],
    ] as const) {
      phone.send(call.inDialog('INVITE', ok, offer(theirs)));
      const res = await phone.next();
      expect(res.kind === 'response' && res.status).toBe(200);
      expect(res.body.toString()).toContain(`a=${ours}`);
      expect(session.routes.at(-1)).toEqual(route);
    }
    // Each answer raised our o= version (RFC 3264 §8).
    expect(leg.localSdp).toMatch(/^o=\S+ \S+ 4 /m);
    expect(leg.state).toBe('answered');
  });

  it('records DTMF sent by SIP INFO (application/dtmf-relay and application/dtmf) and journals each key', async () => {
    const call = await phone.call('5550100');
    await phone.next(); // 180
    const ok = await phone.next();
    phone.send(call.inDialog('ACK', ok));
    for (const body of [
      { type: 'application/dtmf-relay', text: 'Signal=4\r\nDuration=160\r\n' },
      { type: 'application/dtmf-relay', text: 'Signal= 11\r\nDuration= 100\r\n' },
      { type: 'application/dtmf', text: '*' },
      { type: 'text/plain', text: 'not a key' },
    ]) {
      phone.send(call.inDialog('INFO', ok, body));
      const res = await phone.next();
      expect(res.kind === 'response' && res.status).toBe(200);
    }
    const leg = sip.customer.leg(call.callId)!;
    expect(leg.digits).toBe('4#*');
    expect(leg.view().digits).toBe('4#*');
    const dtmf = sim.journal.query({ kind: 'media' }).filter((e) => e.kind === 'media' && e.event === 'dtmf');
    expect(dtmf.map((e) => (e.kind === 'media' ? [e.callId, e.detail] : []))).toEqual([
      [call.callId, '4 (SIP INFO)'],
      [call.callId, '# (SIP INFO)'],
      [call.callId, '* (SIP INFO)'],
    ]);
  });

  it('answers 404 for a number that is no customer, and 488 when the engine refuses the offer', async () => {
    await phone.call('5559999');
    const res = await phone.next();
    expect(res.kind === 'response' && res.status).toBe(404);
    media.failNextAnswer = true;
    await phone.call('5550100');
    await phone.next(); // 180
    const refused = await phone.next();
    expect(refused.kind === 'response' && refused.status).toBe(488);
  });

  it('refuses an offer it cannot answer with 488 at once, without ringing (no G.711, no SDP at all)', async () => {
    const g729 = fakeSdp('rtp', '192.0.2.9', 50_000).replace('RTP/AVP 0 101', 'RTP/AVP 18');
    const refusals: [number, string | undefined][] = [];
    for (const [number, sdp] of [
      ['5550103', g729],
      ['5550100', ''],
    ] as const) {
      const { callId } = await phone.call(number, sdp);
      const res = await phone.next();
      if (res.kind === 'response') refusals.push([res.status, header(res, 'warning')]);
      expect(sip.customer.leg(callId)).toMatchObject({ state: 'ended', endReason: 'failed', endStatus: 488 });
    }
    expect(refusals).toEqual([
      // RFC 3261 §20.43: 305 Incompatible media format.
      [488, expect.stringMatching(/^305 mock-cec "no G\.711 codec .*offered: G729/)],
      [488, '399 mock-cec "no SDP offer (late offer is not supported)"'],
    ]);
    expect(media.sessions).toEqual([]);
  });

  it("answers with the MediaError's status: 500 for a WAV file it cannot read, 500 for a bug", async () => {
    const statuses: [number, string | undefined][] = [];
    for (const failure of [
      new MediaError('file-unreadable', 'cannot read /no/such.wav'),
      new TypeError('oops'),
    ]) {
      media.failNextAnswer = failure;
      const { callId } = await phone.call('5550100');
      await phone.next(); // 180
      const res = await phone.next();
      if (res.kind === 'response') statuses.push([res.status, header(res, 'warning')]);
      expect(sip.customer.leg(callId)).toMatchObject({ endReason: 'failed', endStatus: 500 });
    }
    expect(statuses).toEqual([
      [500, '399 mock-cec "cannot read /no/such.wav"'],
      [500, '399 mock-cec "oops"'],
    ]);
  });
});

describe('without a media engine', () => {
  beforeEach(async () => {
    setup(false);
    await phone.register();
  });

  it('fails dialled calls and answers 500 to calls for customers, saying why', async () => {
    expect(await ended(dial())).toEqual(['failed', undefined]);
    await phone.call('5550100');
    const res = await phone.next();
    expect(res.kind === 'response' && res.status).toBe(500);
    expect(header(res, 'warning')).toMatch(/no media engine/);
  });
});
