import type { CustomerBehaviour } from '../../calls/customer-calls.ts';
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

/** What the UAS side needs of the UA that owns it. */
export interface UaPort {
  send(msg: SipMessage): void;
  via(): string;
  contact(user: string): string;
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
export class CustomerUas {
  constructor(
    private readonly deps: CustomerUaDeps,
    private readonly ua: CustomerUa,
    private readonly port: UaPort,
  ) {}

  request(req: SipRequest): void {
    const callId = header(req, 'call-id') ?? '';
    const leg = this.port.leg(callId);
    const inDialog = tagOf(parseNameAddr(header(req, 'to') ?? '')) !== undefined;
    if (req.method === 'INVITE') {
      if (inDialog) this.#respond(req, 488, { reason: 'Not Acceptable Here (no re-INVITE)' });
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
    } else if (req.method === 'INFO' || req.method === 'OPTIONS') {
      this.#respond(req, leg || !inDialog ? 200 : 481);
    } else if (inDialog) {
      this.#respond(req, 481);
    } else {
      this.#respond(req, 405, { headers: [['Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO']] });
    }
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
        contact: this.port.contact(number),
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
      const why = checked ? checked.problem.message : 'no SDP offer (late offer is not supported)';
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
      });
      leg.session = session;
      if (leg.state !== 'ringing') {
        await session.close();
        return;
      }
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

/** RFC 3261 §20.43: a Warning (code 399, miscellaneous) saying why, quoted safely and kept short. */
export function warningOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return `399 mock-cec "${text.replace(/["\\]/g, "'").slice(0, 100)}"`;
}
