import type { CustomerBehaviour } from '../../../domain/calls/customer-calls.ts';
import { MediaError } from '../../media/media-error.ts';
import { inspectOffer } from '../../media/sdp.ts';
import { createResponse, type ResponseOptions } from '../core/build-message.ts';
import { header, headerValues, type SipMessage, type SipRequest } from '../core/message.ts';
import { parseNameAddr, tagOf } from '../core/name-addr.ts';
import { userOfUri } from '../core/uri.ts';
import { parseVia } from '../core/via.ts';
import { CustomerLeg } from './customer-leg.ts';
import type { CustomerUa, CustomerUaDeps } from './customer-ua.ts';
import { contactUri, inDialogRequest, routeSetOf } from './dialog.ts';
import { keyOfInfo } from './dtmf.ts';
import { directionOf, mirror, withDirection } from './sdp-direction.ts';

/** What the UAS side needs of the UA that owns it. */
export interface UaPort {
  send(msg: SipMessage): void;
  via(): string;
  /** Our Contact for a dialog over `transport` (the phone's: udp, tcp, tls, ws, wss). */
  contact(user: string, transport: string): string;
  tag(): string;
  add(leg: CustomerLeg): void;
  leg(callId: string): CustomerLeg | undefined;
}

/**
 * The simulated customer as the one called (RFC 3261 §13.3): an agent's
 * softphone calls a customer number, and the number's behaviour decides —
 * busy (486), ring forever, or answer after `answerAfterMs` with media from
 * `MediaEngine.answer`. It also answers every request the proxy brings to the
 * customer: ACK, CANCEL, BYE (from the agent, on either kind of leg), and the
 * rest of what may arrive in a dialog.
 */
export class IncomingCalls {
  constructor(
    private readonly deps: CustomerUaDeps,
    private readonly ua: CustomerUa,
    private readonly port: UaPort,
  ) {}

  request(req: SipRequest): void {
    const callId = header(req, 'call-id') ?? '';
    const leg = this.port.leg(callId);
    const inDialog = tagOf(parseNameAddr(header(req, 'to') ?? '')) !== undefined;
    // RFC 3261 §8.2.1: the method is inspected first, before any dialog matching (§12.2.2): a REFER,
    // UPDATE, SUBSCRIBE or MESSAGE in a call gets 405 and the call goes on (a 481 would end it).
    if (!CUSTOMER_METHODS.has(req.method)) {
      this.#respond(req, 405, { headers: [['Allow', CUSTOMER_ALLOW]] });
      return;
    }
    if (req.method === 'INVITE') {
      if (inDialog) this.#reinvited(req, leg);
      // A known Call-ID is a retransmission: the reliable link makes none, a looping proxy might.
      else if (!leg) this.#incoming(req, callId);
    } else if (req.method === 'ACK') {
      if (leg?.direction === 'from-agent' && leg.state === 'ringing' && leg.session) {
        if (leg.move('answer', this.#now(leg))) this.ua.mediaStarted(leg);
      }
    } else if (req.method === 'CANCEL') {
      this.#cancel(req, leg);
    } else if (req.method === 'BYE') {
      if (!leg || leg.state === 'ended') this.#respond(req, 481);
      else {
        this.#respond(req, 200);
        void this.ua.end(leg, 'agent-hangup');
      }
    } else if (req.method === 'INFO') {
      if (leg || !inDialog) this.#respond(req, 200);
      else this.#respond(req, 481);
      const key = leg && keyOfInfo(header(req, 'content-type'), req.body.toString('utf8'));
      if (leg && key) this.ua.dtmf(leg, key, 'info');
    } else if (leg || !inDialog) {
      // OPTIONS (RFC 3261 §11.2): what we do, and nothing more.
      this.#respond(req, 200, { headers: CAPABILITIES });
    } else {
      this.#respond(req, 481);
    }
  }

  /**
   * The phone re-INVITEs (its own hold or resume, RFC 3264 §8.4): answer with
   * our SDP in the mirrored direction and route the media to match (a phone
   * that sends only is not sent to; one that holds inactive is neither sent
   * to nor heard). The CEC's own hold is not changed by it. [choice: the
   * model does not move, decision record 007]
   */
  #reinvited(req: SipRequest, leg: CustomerLeg | undefined): void {
    if (!leg || leg.state === 'ended') {
      this.#respond(req, 481);
      return;
    }
    // RFC 3261 §14.2: an offer while ours is pending crosses it: 491, the phone retries.
    if (leg.reinviting || leg.state !== 'answered' || !leg.localSdp) {
      this.#respond(req, leg.reinviting ? 491 : 500, { headers: [['Retry-After', '1']] });
      return;
    }
    const offer = req.body.toString('utf8');
    // No offer (RFC 3261 §14.2 allows one in the 2xx): answer our session as it is; the phone's ACK carries its answer.
    const theirs = offer.trim() ? directionOf(offer) : 'sendrecv';
    const ours = mirror(theirs);
    // An answer takes a DTLS role (RFC 5763 §5): our first offer said actpass and the phone, answering,
    // took active (browsers do), so we stay passive; an answer of ours already names its role.
    const sdp = withDirection(leg.localSdp, ours).replace(/^a=setup:actpass\s*$/m, 'a=setup:passive');
    leg.localSdp = sdp;
    leg.dialog.remoteTarget = contactUri(req) ?? leg.dialog.remoteTarget;
    leg.setPhoneRoute({
      send: ours === 'sendrecv' || ours === 'sendonly',
      hear: ours === 'sendrecv' || ours === 'recvonly' ? 'peer' : 'nothing',
    });
    this.#respond(req, 200, {
      toTag: leg.dialog.localTag,
      body: sdp,
      contentType: 'application/sdp',
      headers: [['Contact', leg.dialog.contact], ...CAPABILITIES],
    });
  }

  /** Hang up a call an agent made to a customer: reject it while ringing, BYE once answered. */
  async hangup(leg: CustomerLeg): Promise<void> {
    if (leg.state === 'answered') {
      leg.dialog.localSeq++;
      this.port.send(inDialogRequest(leg.dialog, 'BYE', this.port.via()));
      await this.ua.end(leg, 'customer-hangup');
    } else if (leg.invite) {
      this.#respond(leg.invite, 480, { toTag: leg.dialog.localTag });
      await this.ua.end(leg, 'rejected', 480);
    }
  }

  #incoming(req: SipRequest, callId: string): void {
    const { sim, media } = this.deps;
    const number = userOfUri(req.uri) ?? '';
    const from = parseNameAddr(header(req, 'from') ?? '');
    const caller = from ? userOfUri(from.uri) : undefined;
    const tenant = caller ? sim.tenantBySipAccount(caller) : undefined;
    const behaviour: CustomerBehaviour | undefined = tenant?.config.customers[number];
    if (!tenant || !behaviour || !from) {
      this.#respond(req, 404);
      return;
    }
    const leg = new CustomerLeg(this.ua, {
      direction: 'from-agent',
      tenant: tenant.id,
      from: caller ?? '',
      to: number,
      behaviour,
      startedAt: tenant.now(),
      dialog: {
        callId,
        localTag: this.port.tag(),
        remoteTag: tagOf(from),
        localUri: header(req, 'to') ?? '',
        remoteUri: (header(req, 'from') ?? '').replace(/;\s*tag=[^;]*/i, ''),
        remoteTarget: contactUri(req),
        routeSet: routeSetOf(req, false),
        localSeq: 1,
        contact: this.port.contact(number, dialogTransportOf(req)),
      },
    });
    leg.invite = req;
    this.port.add(leg);
    const answerWith = (status: number, o: ResponseOptions = {}) => this.#answer(leg, status, o);

    if (behaviour.answer === 'busy') {
      answerWith(486);
      void this.ua.end(leg, 'rejected', 486);
      return;
    }
    if (!media) {
      answerWith(500, {
        headers: [['Warning', '399 mock-cec "no media engine: calls to customers cannot be answered"']],
      });
      void this.ua.end(leg, 'failed', 500);
      return;
    }
    // An offer we cannot answer is refused at once, before ringing (488, RFC 3261 §21.4.26), as a
    // phone with no common codec does. We answer the offer in the INVITE (RFC 3264 §6): an INVITE
    // without one (late offer) is not supported.
    const offer = req.body.toString('utf8');
    const checked = offer.trim() ? inspectOffer(offer) : undefined;
    if (!checked?.ok) {
      const why = checked ? checked.problem : 'no SDP offer (late offer is not supported)';
      answerWith(488, { headers: [['Warning', warningOf(why)]] });
      void this.ua.end(leg, 'failed', 488);
      return;
    }
    answerWith(180);
    leg.move('ring', tenant.now());
    if (behaviour.answer === 'no-answer') return;
    const pickUp = async () => {
      if (leg.state !== 'ringing') return;
      const { sdp, session } = await media.answer(offer, {
        source: behaviour.source,
        mode: behaviour.mode,
        host: this.deps.address().ip,
        onDtmf: (key) => this.ua.dtmf(leg, key, 'rfc4733'),
        onFailure: (why) => this.ua.mediaFailed(leg, why),
      });
      // Ended while the engine worked (closeMedia found nothing to close): close it here, never attach it.
      if (leg.state !== 'ringing') {
        await session.close();
        return;
      }
      leg.session = session;
      leg.localSdp = sdp;
      answerWith(200, { body: sdp, contentType: 'application/sdp' });
    };
    const failed = (err: unknown) => {
      // The INVITE may have been cancelled while the engine worked: its transaction is over.
      if (leg.state !== 'ringing') return;
      // MediaError names the final response (488 for an offer we cannot serve, 500 for our own
      // trouble, media-engine.ts); anything else is a bug of ours: 500, and a log line.
      const status = err instanceof MediaError ? err.sipStatus : 500;
      if (!(err instanceof MediaError)) sim.logger.error('customer could not answer', { error: String(err) });
      answerWith(status, { headers: [['Warning', warningOf(err)]] });
      void this.ua.end(leg, 'failed', status);
    };
    const delay = behaviour.answerAfterMs ?? 0;
    if (delay > 0) leg.timers.push(tenant.timers.after(delay, () => pickUp().catch(failed)));
    else pickUp().catch(failed);
  }

  /** RFC 3261 §9.2: 200 to the CANCEL, 487 to the INVITE it cancels. */
  #cancel(req: SipRequest, leg: CustomerLeg | undefined): void {
    const branch = parseVia(headerValues(req, 'via')[0] ?? '')?.branch;
    const inviteBranch = leg?.invite ? parseVia(headerValues(leg.invite, 'via')[0] ?? '')?.branch : undefined;
    if (leg?.direction !== 'from-agent' || !branch || branch !== inviteBranch) {
      this.#respond(req, 481);
      return;
    }
    this.#respond(req, 200);
    if (leg.state === 'answered' || leg.state === 'ended') return;
    this.#answer(leg, 487);
    void this.ua.end(leg, 'cancelled', 487);
  }

  /** A response to the leg's INVITE: with our tag, Contact and the Record-Route (RFC 3261 §12.1.1). */
  #answer(leg: CustomerLeg, status: number, o: ResponseOptions = {}): void {
    const dialogForming = status > 100 && status < 300;
    const headers: [string, string][] = dialogForming
      ? [
          ...headerValues(leg.invite!, 'record-route').map((r) => ['Record-Route', r] as [string, string]),
          ['Contact', leg.dialog.contact],
          // RFC 3261 §13.3.1.4: a 2xx to an INVITE should say what the UA allows and supports.
          ...(status >= 200 ? CAPABILITIES : []),
        ]
      : [];
    this.#respond(leg.invite!, status, {
      ...o,
      toTag: leg.dialog.localTag,
      headers: [...headers, ...(o.headers ?? [])],
    });
  }

  #respond(req: SipRequest, status: number, o: ResponseOptions = {}): void {
    this.port.send(createResponse(req, status, { toTag: o.toTag ?? this.port.tag(), ...o }));
  }

  #now(leg: CustomerLeg): number {
    return this.deps.sim.tenant(leg.tenant)?.now() ?? this.deps.sim.clock.now();
  }
}

/**
 * RFC 3261 §20.43: a Warning saying why, quoted safely and kept short. The
 * code names the SDP trouble when there is one (302 incompatible transport
 * protocol, 304 media type not available, 305 incompatible media format),
 * else 399 (miscellaneous).
 */
export function warningOf(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  const text = err instanceof Error || isProblem(err) ? err.message : String(err);
  return `${WARNING_CODES[code] ?? 399} mock-cec "${text.replace(/["\\]/g, "'").slice(0, 100)}"`;
}

const WARNING_CODES: Readonly<Record<string, number>> = {
  'unsupported-protocol': 302,
  'no-audio': 304,
  'no-common-codec': 305,
};

function isProblem(v: unknown): v is { message: string } {
  return typeof v === 'object' && v !== null && typeof (v as { message?: unknown }).message === 'string';
}

/**
 * What the simulated customer does (RFC 3261 §20.5, §20.37): the methods of a
 * basic call and INFO (DTMF). No extensions: an empty Supported says so.
 */
const CUSTOMER_METHODS = new Set(['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'INFO']);
export const CUSTOMER_ALLOW = [...CUSTOMER_METHODS].join(', ');
const CAPABILITIES: [string, string][] = [
  ['Allow', CUSTOMER_ALLOW],
  ['Supported', ''],
  ['Accept', 'application/sdp'],
];

/**
 * The transport of a dialog the agent's phone started: the one its own Via
 * (the bottom one, under the proxy's) names, which the customer's Contact
 * then says (RFC 3261 §19.1.1), rather than the in-memory link's TCP.
 */
function dialogTransportOf(req: SipRequest): string {
  const vias = headerValues(req, 'via');
  return parseVia(vias[vias.length - 1] ?? '')?.transport.toLowerCase() ?? 'udp';
}
