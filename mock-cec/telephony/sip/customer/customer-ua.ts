import type {
  AnswerOutcome,
  CallLeg,
  CustomerCalls,
  DialRequest,
} from '../../../domain/calls/customer-calls.ts';
import type { Simulator } from '../../../infrastructure/state/simulator.ts';
import { LocalCallMixer } from '../../media/local-call-mixer.ts';
import type { CallMixer, MediaEngine, MediaFlavour } from '../../media/media-engine.ts';
import { MediaError } from '../../media/media-error.ts';
import { createRequest } from '../core/build-message.ts';
import { header, type SipMessage, type SipResponse } from '../core/message.ts';
import { parseCSeq } from '../core/message-facts.ts';
import { parseMessage } from '../core/parse-message.ts';
import { serialize } from '../core/serialize.ts';
import { ackFor, cancelFor } from '../proxy/client-requests.ts';
import { ourRoute } from '../proxy/proxy-headers.ts';
import type { MemoryLink } from '../transports/memory-flow.ts';
import { CustomerLeg, endReasonOf, type LegController } from './customer-leg.ts';
import { closeMedia, dtmfReceived, mediaFailed, mediaStarted } from './customer-media.ts';
import { contactUri, type Dialog, inDialogRequest, routeSetOf } from './dialog.ts';
import type { DtmfCarrier } from './dtmf.ts';
import { EndedLegs } from './ended-legs.ts';
import { CUSTOMER_ALLOW, IncomingCalls } from './incoming-calls.ts';
import type { LegState } from './leg-state.ts';
import { withDirection } from './sdp-direction.ts';

/**
 * The simulated customer's SIP user agent: it calls agents' softphones
 * (implementing CustomerCalls for the ACD) and answers calls to customer
 * numbers (incoming-calls.ts), through the proxy over an in-memory link.
 * Its Contact is on the simulator's own host, so in-dialog requests (ACK,
 * BYE) come back to it through the proxy's Record-Route.
 *
 * Asking a ringing softphone to answer is an out-of-dialog NOTIFY with
 * `Event: talk` and a Target-Dialog (RFC 4538) naming the call, the way
 * desk phones are answered remotely (BroadSoft's "talk" event): a simulator
 * choice, since the vendor's mechanism is not documented; the harness
 * softphone honours it.
 */
export interface CustomerUaDeps {
  sim: Simulator;
  link: MemoryLink;
  /** The media engines; without them calls fail with a clear reason. */
  media?: MediaEngine;
  /** Transports over which a softphone number is registered ('ws', 'wss', 'udp'…). */
  bindingTransports(tenant: string, sipAccount: string): string[];
  /** Whether a Contact URI is registered (again) in the tenant: in-dialog requests can reach it. */
  contactRegistered(tenant: string, contact: string): boolean;
  /** Our host and port, for Via and Contact (`host` as SIP writes it, IPv6 in brackets), and our IP for media. */
  address(): { host: string; port: number; ip: string };
  /** The port our Contact names for a WebSocket dialog (the HTTP(S) server's), when there is one. */
  wsPort?(): number | undefined;
  /** The port our Contact names for a TLS dialog (the TLS listener's), when there is one. */
  tlsPort?(): number | undefined;
  /**
   * This start's tag (RFC 3261 §19.3, §8.1.1.4): tags and Call-IDs are a
   * counter (the same sequence for the same seed) followed by it, so they are
   * unique across runs too. Default: none.
   */
  instance?: string;
  /** Ended legs remembered per tenant; default ENDED_LEGS_KEPT (ended-legs.ts). */
  endedLegsKept?: number;
}

/**
 * How long a connected call waits, in tenant time, for a phone whose
 * connection closed to register again before the call is ended. [choice: the
 * vendor does not say; WebRTC gateways hold a call for a grace period (e.g.
 * FreeSWITCH's verto "detach"), long enough for a phone's reconnection back-off]
 */
export const REATTACH_MS = 30_000;

/**
 * How long, in tenant time, a phone that took the remote-answer NOTIFY has to
 * answer before the Answer is reported as failed. [choice: a desk phone
 * answers within a few hundred ms; Linphone says 200 to the NOTIFY and keeps
 * ringing]
 */
export const ANSWER_WAIT_MS = 2000;

export class CustomerUa implements CustomerCalls, LegController {
  /** Live legs, and the newest ended ones of each tenant (ended-legs.ts): older ended legs are forgotten. */
  readonly #legs = new Map<string, CustomerLeg>();
  readonly #ended: EndedLegs;
  readonly #notifies = new Map<string, (res: SipResponse) => void>();
  /** Legs being hung up by drain(), by Call-ID: resolved on the final answer to their BYE or INVITE. */
  readonly #closing = new Map<string, () => void>();
  readonly #uas: IncomingCalls;
  #n = 0;

  constructor(private readonly deps: CustomerUaDeps) {
    this.#ended = new EndedLegs(deps.endedLegsKept);
    deps.link.onMessage((data) => this.#receive(data));
    this.#uas = new IncomingCalls(deps, this, {
      send: (msg) => this.#send(msg),
      via: () => this.#via(),
      contact: (user, transport) => this.#contact(user, transport),
      tag: () => this.#id('cu'),
      add: (leg) => this.#legs.set(leg.sipCallId, leg),
      leg: (callId) => this.#legs.get(callId),
    });
  }

  dial(request: DialRequest): CallLeg {
    const { sim } = this.deps;
    const { host } = this.deps.address();
    const tenant = sim.tenant(request.tenant);
    // The Contact says the transport the phone registered over (the first binding's, as the media flavour).
    const transport = this.deps.bindingTransports(request.tenant, request.toSipAccount)[0] ?? 'udp';
    const dialog: Dialog = {
      callId: `${this.#id('cc')}@${host}`,
      localTag: this.#id('cu'),
      localUri: `"${request.from.replace(/["\\]/g, '')}" <sip:${request.from}@${host}>`,
      remoteUri: `<sip:${request.toSipAccount}@${host}>`,
      routeSet: [],
      localSeq: 1,
      contact: this.#contact(request.from, transport),
    };
    const leg = new CustomerLeg(this, {
      direction: 'to-agent',
      tenant: request.tenant,
      from: request.from,
      to: request.toSipAccount,
      behaviour: request.behaviour,
      dialog,
      startedAt: tenant?.now() ?? sim.clock.now(),
    });
    this.#legs.set(dialog.callId, leg);
    const fail = (why: string) => queueMicrotask(() => this.#end(leg, 'failed', undefined, why));
    if (!tenant) fail(`no tenant ${request.tenant}`);
    else if (!this.deps.media) fail('no media engine: start mock-cec with one to place customer calls');
    else
      this.#placeCall(leg, request, this.deps.media).catch((err) =>
        this.#end(leg, 'failed', undefined, String(err)),
      );
    return leg;
  }

  /** A call's mixer where its legs' media runs (the media engine's, in a worker), else in this process. */
  mixer(group: string): CallMixer {
    return this.deps.media?.mixer?.(group) ?? new LocalCallMixer();
  }

  isRegistered(tenant: string, sipAccount: string): boolean {
    return this.deps.bindingTransports(tenant, sipAccount).length > 0;
  }

  legs(tenant?: string): CustomerLeg[] {
    return [...this.#legs.values()].filter((l) => tenant === undefined || l.tenant === tenant);
  }

  leg(callId: string): CustomerLeg | undefined {
    return this.#legs.get(callId);
  }

  async hangup(leg: CustomerLeg): Promise<void> {
    if (leg.state === 'ended') return;
    if (leg.direction === 'from-agent') return this.#uas.hangup(leg);
    if (leg.state === 'answered') {
      leg.dialog.localSeq++;
      this.#send(inDialogRequest(leg.dialog, 'BYE', this.#via()));
      await this.#end(leg, 'customer-hangup');
      return;
    }
    // RFC 3261 §9.1: a CANCEL waits for the first response to the INVITE.
    if (leg.invite && leg.heardBack) this.#send(cancelFor(leg.invite));
    else if (leg.invite) leg.cancelWanted = true;
    else await this.#end(leg, 'cancelled');
  }

  /**
   * Hang up every leg (BYE once answered, CANCEL while ringing, 480 to a call
   * still ringing the customer) and wait, at most `withinMs`, for each far end
   * to answer its BYE or INVITE: the simulator is stopping. Media stops as
   * each leg ends. Resolves with the legs that did not answer in time.
   */
  async drain(withinMs: number): Promise<number> {
    const live = [...this.#legs.values()].filter((l) => l.state !== 'ended');
    const answered = live.map(
      (leg) =>
        new Promise<void>((resolve) => {
          // Nothing sent yet, or a call from an agent refused by us: no answer to wait for.
          if (!leg.invite || (leg.direction === 'from-agent' && leg.state !== 'answered')) return resolve();
          this.#closing.set(leg.sipCallId, resolve);
        }),
    );
    await Promise.all(live.map((leg) => this.hangup(leg)));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), withinMs);
    });
    let pending = answered.length;
    const counted = answered.map((p) => p.then(() => void pending--));
    await Promise.race([Promise.all(counted), late]);
    clearTimeout(timer);
    this.#closing.clear();
    return pending;
  }

  async requestAnswer(leg: CustomerLeg): Promise<AnswerOutcome> {
    if (leg.direction !== 'to-agent') return { ok: false, why: 'the agent placed this call' };
    if (leg.state === 'answered') return { ok: true };
    if (leg.state === 'ended') return { ok: false, why: 'the call has ended' };
    if (leg.state === 'calling') {
      // Asked before the phone rang: the NOTIFY goes at the first ring (its outcome is journaled then).
      leg.answerWanted = true;
      return { ok: true };
    }
    const { host } = this.deps.address();
    const d = leg.dialog;
    const callId = `${this.#id('nt')}@${host}`;
    const notify = createRequest({
      method: 'NOTIFY',
      uri: d.remoteTarget ?? `sip:${leg.to}@${host}`,
      headers: [
        ['Via', this.#via()],
        ['Max-Forwards', '70'],
        // Along the call's route (our Record-Route names the phone's flow): a phone whose Contact differs
        // from the one it registered (baresip over TCP names another port) is still reached.
        ...d.routeSet.map((r) => ['Route', r] as [string, string]),
        ['From', `${d.localUri};tag=${this.#id('cu')}`],
        ['To', d.remoteUri],
        ['Call-ID', callId],
        ['CSeq', '1 NOTIFY'],
        ['Event', 'talk'],
        ['Subscription-State', 'terminated'],
        // RFC 4538 §7: local-tag is the recipient's (the softphone's) tag.
        ['Target-Dialog', `${d.callId};local-tag=${d.remoteTag ?? ''};remote-tag=${d.localTag}`],
        ['Contact', d.contact],
      ],
    });
    const response = new Promise<SipResponse>((resolve) => this.#notifies.set(callId, resolve));
    this.#send(notify);
    const res = await response;
    const why =
      res.status >= 300
        ? `the softphone refused NOTIFY Event: talk with ${res.status} ${res.reason}: it must be answered on the phone`
        : (await this.#answeredWithin(leg, ANSWER_WAIT_MS))
          ? undefined
          : `the softphone took NOTIFY Event: talk (${res.status}) but did not answer within ${ANSWER_WAIT_MS} ms: it must be answered on the phone`;
    if (why === undefined) return { ok: true };
    this.#journalAnswerRefused(leg, why);
    return { ok: false, why };
  }

  /**
   * Hold or take back from the CEC: re-offer the leg's own SDP with the
   * direction (RFC 3264 §8) in an in-dialog INVITE, and settle on its final
   * response (ACKed either way). One at a time: a second while one is
   * pending is refused, as RFC 3261 §14.1 asks of a UAC.
   */
  async reinvite(leg: CustomerLeg, direction: 'sendrecv' | 'inactive'): Promise<AnswerOutcome> {
    if (leg.state !== 'answered') return { ok: false, why: `the call is ${leg.state}` };
    if (!leg.localSdp) return { ok: false, why: 'the call has no SDP to re-offer' };
    if (leg.reinviting) return { ok: false, why: 'a re-INVITE is already pending' };
    const sdp = withDirection(leg.localSdp, direction);
    leg.localSdp = sdp;
    const d = leg.dialog;
    d.localSeq++;
    const seq = d.localSeq;
    const outcome = new Promise<AnswerOutcome>((settle) => {
      leg.reinviting = { seq, settle };
    });
    this.#send(
      inDialogRequest(d, 'INVITE', this.#via(), {
        headers: [
          ['Allow', CUSTOMER_ALLOW],
          ['Supported', ''],
        ],
        body: sdp,
        contentType: 'application/sdp',
      }),
    );
    return outcome;
  }

  /** A response to our re-INVITE: ACK it (RFC 3261 §13.2.2.4 for a 2xx, §17.1.1.3 otherwise) and settle. */
  #reinviteAnswered(leg: CustomerLeg, res: SipResponse, seq: number): void {
    if (res.status < 200) return;
    const pending = leg.reinviting;
    leg.reinviting = undefined;
    const d = leg.dialog;
    if (res.status < 300) {
      d.remoteTarget = contactUri(res) ?? d.remoteTarget;
      this.#send(inDialogRequest(d, 'ACK', this.#via(), { cseq: seq }));
      pending?.settle({ ok: true });
    } else {
      this.#send(inDialogRequest(d, 'ACK', this.#via(), { cseq: seq }));
      pending?.settle({ ok: false, why: `the phone answered the re-INVITE ${res.status} ${res.reason}` });
    }
  }

  /** Whether the leg is answered within `ms` of tenant time (Linphone says 200 to the NOTIFY and does nothing). */
  #answeredWithin(leg: CustomerLeg, ms: number): Promise<boolean> {
    if (leg.state === 'answered') return Promise.resolve(true);
    const tenant = this.deps.sim.tenant(leg.tenant);
    if (leg.state !== 'ringing' || !tenant) return Promise.resolve(false);
    return new Promise((resolve) => {
      const cancel = tenant.timers.after(ms, () => resolve(false));
      leg.on('answered', () => {
        cancel();
        resolve(true);
      });
      leg.on('ended', () => {
        cancel();
        resolve(false);
      });
    });
  }

  /**
   * A phone that refuses remote answering (baresip answers 481: it knows no
   * "talk" event) keeps ringing: the journal says so on the call, which stays
   * where it was. [choice: the vendor does not say how its phones are answered]
   */
  #journalAnswerRefused(leg: CustomerLeg, why: string): void {
    this.deps.sim.journal.append({
      kind: 'state',
      at: this.#now(leg),
      tenant: leg.tenant,
      corr: `sip:${leg.sipCallId}`,
      entity: 'call',
      id: leg.sipCallId,
      from: leg.state,
      to: leg.state,
      reason: `answer refused: ${why}`,
    });
  }

  /**
   * A softphone's connection closed under a connected call (our Record-Route
   * names the flow). Media never went through it, and a phone that reconnects
   * registers the same Contact again, which in-dialog requests then reach
   * (RFC 5626 §4.5 flow recovery): the call goes on. A phone that has not
   * registered its Contact again within REATTACH_MS of tenant time cannot be
   * reached (a BYE would only get 430 Flow Failed, RFC 5626 §5.3): the call
   * ends and the ACD releases it. Calls still ringing end on the proxy's 503.
   */
  flowClosed(flowId: string): void {
    const { host } = this.deps.address();
    for (const leg of this.#legs.values()) {
      if (leg.state !== 'answered') continue;
      const flows = leg.dialog.routeSet.flatMap((r) => ourRoute(r, host)?.flows ?? []);
      const tenant = this.deps.sim.tenant(leg.tenant);
      if (!tenant || !flows.includes(flowId)) continue;
      leg.timers.push(
        tenant.timers.after(REATTACH_MS, () => {
          const contact = leg.dialog.remoteTarget;
          if (leg.state !== 'answered' || (contact && this.deps.contactRegistered(leg.tenant, contact)))
            return;
          void this.#end(
            leg,
            'failed',
            430,
            `the phone did not come back within ${REATTACH_MS} ms of flow ${flowId} closing`,
          );
        }),
      );
    }
  }

  moved(leg: CustomerLeg, from: LegState, to: LegState): void {
    if (from === to) return;
    if (to === 'ended' && this.#legs.get(leg.sipCallId) === leg) this.#remember(leg);
    const t = this.deps.sim.tenant(leg.tenant);
    this.deps.sim.journal.append({
      kind: 'state',
      at: t?.now() ?? this.deps.sim.clock.now(),
      tenant: leg.tenant,
      corr: `sip:${leg.sipCallId}`,
      entity: 'call',
      id: leg.sipCallId,
      from,
      to,
      reason: to === 'ended' ? `${leg.endReason}${leg.endStatus ? ` ${leg.endStatus}` : ''}` : undefined,
    });
  }

  async #placeCall(leg: CustomerLeg, request: DialRequest, media: MediaEngine): Promise<void> {
    const transports = this.deps.bindingTransports(request.tenant, request.toSipAccount);
    // WebRTC for softphones registered over WebSocket, plain RTP for the others (media-engine.ts).
    const flavour: MediaFlavour = transports.some((t) => t === 'ws' || t === 'wss') ? 'webrtc' : 'rtp';
    const pending = await media.offer(flavour, {
      ...request.behaviour,
      host: this.deps.address().ip,
      onDtmf: (key) => this.dtmf(leg, key, 'rfc4733'),
      group: request.mediaGroup,
      onFailure: (why) => this.mediaFailed(leg, why),
    });
    leg.pending = pending;
    leg.session = pending.session;
    leg.localSdp = pending.sdp;
    if (leg.state === 'ended') {
      await closeMedia(this.deps.sim, leg);
      return;
    }
    const d = leg.dialog;
    const invite = inDialogRequest(
      { ...d, remoteTarget: `sip:${request.toSipAccount}@${this.deps.address().host}` },
      'INVITE',
      this.#via(),
      {
        headers: [
          ['Allow', CUSTOMER_ALLOW],
          ['Supported', ''],
          ['User-Agent', 'mock-cec simulated customer'],
          ...Object.entries(request.headers ?? {}),
        ],
        body: pending.sdp,
        contentType: 'application/sdp',
      },
    );
    leg.invite = invite;
    this.#send(invite);
  }

  #receive(data: Buffer): void {
    const parsed = parseMessage(data);
    if (!parsed.ok) return;
    const m = parsed.message;
    if (m.kind === 'response') this.#onResponse(m);
    else this.#uas.request(m);
  }

  #onResponse(res: SipResponse): void {
    const callId = header(res, 'call-id') ?? '';
    const notified = this.#notifies.get(callId);
    if (notified && res.status >= 200) {
      this.#notifies.delete(callId);
      notified(res);
      return;
    }
    const leg = this.#legs.get(callId);
    const cseq = parseCSeq(header(res, 'cseq'));
    const closing = this.#closing.get(callId);
    if (closing && res.status >= 200 && (cseq?.method === 'BYE' || cseq?.method === 'INVITE')) {
      this.#closing.delete(callId);
      closing();
    }
    if (leg?.reinviting && cseq?.method === 'INVITE' && cseq.seq === leg.reinviting.seq) {
      this.#reinviteAnswered(leg, res, cseq.seq);
      return;
    }
    if (leg?.direction !== 'to-agent' || cseq?.method !== 'INVITE' || !leg.invite) return;
    const d = leg.dialog;
    if (!leg.heardBack) {
      leg.heardBack = true;
      if (leg.cancelWanted && res.status < 200) this.#send(cancelFor(leg.invite));
    }
    const toTag = /;\s*tag=([^;\s]+)/i.exec(header(res, 'to') ?? '')?.[1];
    if (res.status > 100 && res.status < 300) {
      d.remoteTag = toTag;
      d.remoteTarget = contactUri(res) ?? d.remoteTarget;
      d.routeSet = routeSetOf(res, true);
    }
    if (res.status < 200) {
      if (res.status > 100 && leg.move('ring', this.#now(leg)) && leg.answerWanted) {
        leg.answerWanted = false;
        void this.requestAnswer(leg);
      }
      return;
    }
    if (res.status >= 300) {
      // RFC 3261 §17.1.1.3: the client transaction ACKs a non-2xx final response itself.
      this.#send(ackFor(leg.invite, res));
      void this.#end(leg, endReasonOf(res.status), res.status);
      return;
    }
    // RFC 3261 §13.2.2.4: every 2xx is ACKed, retransmissions included.
    this.#send(
      inDialogRequest(d, 'ACK', this.#via(), { cseq: parseCSeq(header(leg.invite, 'cseq'))?.seq ?? 1 }),
    );
    if (leg.state === 'answered') return;
    if (leg.state === 'ended') {
      // Answered after we gave up (a CANCEL crossed the 200): end the call properly.
      d.localSeq++;
      this.#send(inDialogRequest(d, 'BYE', this.#via()));
      return;
    }
    this.#answered(leg, res).catch((err) => this.#unusableAnswer(leg, err));
  }

  async #answered(leg: CustomerLeg, res: SipResponse): Promise<void> {
    await leg.pending?.accept(res.body.toString('utf8'));
    if (leg.move('answer', this.#now(leg))) this.mediaStarted(leg);
  }

  /**
   * The softphone answered with SDP the engine cannot use. The dialog is up (we
   * ACKed, RFC 3261 §13.2.2.4), so the only way out is a BYE; its Reason
   * (RFC 3326) carries the status an answerer would have refused the offer with.
   */
  async #unusableAnswer(leg: CustomerLeg, err: unknown): Promise<void> {
    const status = err instanceof MediaError ? err.sipStatus : 500;
    const text = (err instanceof Error ? err.message : String(err)).replace(/["\\]/g, "'").slice(0, 100);
    if (leg.state !== 'ended') {
      leg.dialog.localSeq++;
      this.#send(
        inDialogRequest(leg.dialog, 'BYE', this.#via(), {
          headers: [['Reason', `SIP;cause=${status};text="${text}"`]],
        }),
      );
    }
    await this.#end(leg, 'failed', status, text);
  }

  /** End a leg and release its media. */
  async #end(
    leg: CustomerLeg,
    reason: Parameters<CustomerLeg['move']>[2],
    status?: number,
    why?: string,
  ): Promise<void> {
    if (why) this.deps.sim.logger.warn('customer call failed', { callId: leg.sipCallId, why });
    if (!leg.move('end', this.#now(leg), reason, status)) return;
    await closeMedia(this.deps.sim, leg);
  }

  /** An ended leg joins its tenant's history; the oldest past it are forgotten. */
  #remember(leg: CustomerLeg): void {
    // Only an ended leg is forgotten (should a Call-ID come again, it names a live one).
    for (const old of this.#ended.ended(leg.tenant, leg.sipCallId))
      if (this.#legs.get(old)?.state === 'ended') this.#legs.delete(old);
  }

  /** A tenant is reset: its calls are hung up and forgotten, ended ones too. */
  dropTenant(tenantId: string): void {
    for (const leg of this.legs(tenantId)) {
      void this.hangup(leg);
      this.#legs.delete(leg.sipCallId);
    }
    this.#ended.forgetTenant(tenantId);
  }

  #send(msg: SipMessage): void {
    this.deps.link.send(serialize(msg));
  }

  #via(): string {
    const { host, port } = this.deps.address();
    return `SIP/2.0/TCP ${host}:${port};branch=z9hG4bK-${this.#id('cb')}`;
  }

  /**
   * Our Contact for a dialog over the phone's transport (RFC 3261 §19.1.1):
   * UDP needs no parameter, WebSocket is `transport=ws` on the HTTP(S) port
   * (RFC 7118 §5.2). In-dialog requests reach us through the Record-Route
   * whatever it says; a phone reading it sees its own transport.
   */
  #contact(user: string, transport: string): string {
    // `host` is already as SIP writes it (an IPv6 address in brackets).
    const { host: h, port } = this.deps.address();
    if (transport === 'ws' || transport === 'wss')
      return `<sip:${user}@${h}:${this.deps.wsPort?.() ?? port};transport=ws>`;
    if (transport === 'tls') return `<sip:${user}@${h}:${this.deps.tlsPort?.() ?? port};transport=tls>`;
    if (transport === 'tcp') return `<sip:${user}@${h}:${port};transport=tcp>`;
    return `<sip:${user}@${h}:${port}>`;
  }

  #id(prefix: string): string {
    const instance = this.deps.instance;
    return `${prefix}${(++this.#n).toString(36)}${instance ? `.${instance}` : ''}`;
  }

  /** A DTMF key the customer received on a leg (RFC 4733 or INFO): recorded and journaled. */
  dtmf(leg: CustomerLeg, key: string, carrier: DtmfCarrier): void {
    dtmfReceived(this.deps.sim, leg, key, carrier);
  }

  #now(leg: CustomerLeg): number {
    return this.deps.sim.tenant(leg.tenant)?.now() ?? this.deps.sim.clock.now();
  }

  /** End a leg (for the UAS side too). */
  end(leg: CustomerLeg, reason: Parameters<CustomerLeg['move']>[2], status?: number): Promise<void> {
    return this.#end(leg, reason, status);
  }

  /** The leg's media failed under it (its media worker died): journal why and hang up, the call has no audio. */
  mediaFailed(leg: CustomerLeg, why: string): void {
    if (leg.state === 'ended') return;
    mediaFailed(this.deps.sim, leg, why);
    void this.hangup(leg);
  }

  /** Media flows: journal it, apply `on: media` faults, and plan `hangupAfterMs`. */
  mediaStarted(leg: CustomerLeg): void {
    mediaStarted(this.deps.sim, leg, () => void this.hangup(leg));
  }
}
