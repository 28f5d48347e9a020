import { afterFaultDelay, matchFault } from '../../domain/faults/apply-fault.ts';
import type { Simulator } from '../../infrastructure/state/simulator.ts';
import { hasHeader, type SipMessage, type SipRequest, setHeader } from './core/message.ts';
import type { ParseResult } from './core/parse-error.ts';
import { parseMessage } from './core/parse-message.ts';
import { serialize } from './core/serialize.ts';
import { OverloadGauge } from './proxy/overload.ts';
import type { SipProxy } from './proxy/sip-proxy.ts';
import { journalSip, partyOf, SipJournal, type SipParty } from './sip-journal.ts';
import type { Flow, FlowSink } from './transports/flow.ts';

/** How many closed flows are remembered for the journal of a message still meant for one. */
const GONE_KEPT = 1024;

/** What handling an incoming message came to, for its journal entry. */
interface Outcome {
  note?: string;
  fault?: string;
}

/** Handling that came to nothing to note (nearly every message): one object for all. */
const NOTHING: Outcome = Object.freeze({});
const noted = (note: string | undefined): Outcome => (note === undefined ? NOTHING : { note });

/** What the server tells the rest of the SIP side. */
export interface SipServerEvents {
  /** A fault rule expired every nonce (`expire-nonces`). */
  noncesExpired(): void;
  /** After the proxy has dropped a closed flow's bindings: the simulated customer ends the calls it carried. */
  flowClosed(flowId: string): void;
}

/**
 * The edge between transports and the proxy engine: parse what arrives,
 * journal every message in and out, apply `on: sip` fault rules, hand the
 * rest to the engine, and send what it answers on the right flow. A bug in
 * handling one message is logged and does not take the server down.
 */
export class SipServer implements FlowSink {
  readonly flows = new Map<string, Flow>();
  readonly #journal: SipJournal;
  /** Whether we are overloaded, from the queue waits the UDP transport measures. */
  readonly #load = new OverloadGauge();
  /** Whom the message being handled concerns: its answers concern them too. */
  #party: SipParty | undefined;
  /** Flows closed lately, so a message still meant for one is journaled with where it was going. */
  readonly #gone = new Map<string, Flow>();

  constructor(
    private readonly sim: Simulator,
    private readonly proxy: SipProxy,
    private readonly on: SipServerEvents,
  ) {
    this.#journal = new SipJournal(sim);
  }

  opened(flow: Flow): void {
    this.flows.set(flow.id, flow);
  }

  closed(flow: Flow): void {
    if (!this.flows.delete(flow.id)) return;
    this.#gone.set(flow.id, flow);
    if (this.#gone.size > GONE_KEPT) this.#gone.delete(this.#gone.keys().next().value!);
    this.#guard('flow closed', () => {
      this.proxy.flowClosed(flow.id);
      this.on.flowClosed(flow.id);
    });
  }

  queueWait(waitMs: number): void {
    const before = this.#load.state;
    const after = this.#load.observe(waitMs);
    if (after !== before)
      this.sim.logger.warn(
        after === 'shedding'
          ? 'SIP overloaded: refusing part of new registrations and calls with 503'
          : 'SIP load back to normal',
        { queueWaitMs: Math.round(waitMs) },
      );
  }

  /** Whether to refuse one new request now (the proxy's `refuseNew`). */
  refuseNew(): boolean {
    return this.#load.refuse();
  }

  unframeable(flow: Flow, detail: string): void {
    journalSip(this.sim, flow, 'in', undefined, undefined, { note: `stream closed: ${detail}` });
  }

  dropped(flow: Flow, detail: string): void {
    journalSip(this.sim, flow, 'in', undefined, undefined, { note: detail });
  }

  received(flow: Flow, data: Buffer): void {
    const parsed = parseMessage(data);
    if (!parsed.ok && parsed.error.code === 'empty') return;
    const msg = parsed.ok ? parsed.message : parsed.error.partial;
    const party = partyOf(this.sim, msg);
    // Causes first: the message is journaled before the answers and state changes it causes, and what
    // handling came to (a note, a fault) is filled in after; listeners hear it all once it is handled.
    this.sim.journal.quietly(() => {
      const at = party.tenant?.now() ?? this.sim.clock.now();
      const seq = parsed.ok ? this.#journal.write(flow, 'in', parsed.message, data, party, at) : undefined;
      const malformed = parsed.ok ? undefined : journalSip(this.sim, flow, 'in', msg, data, { party });
      // What #handled does, written out: no closure per message.
      const outer = this.#party;
      this.#party = party.tenant ? party : undefined;
      let outcome: Outcome;
      try {
        outcome = this.#handle(flow, parsed, party);
      } catch (err) {
        outcome = this.#failed(err);
      } finally {
        this.#party = outer;
      }
      if (seq !== undefined) this.#journal.outcome(seq, outcome.note, outcome.fault);
      else if (malformed) this.sim.journal.amend(malformed.seq, outcome);
    });
  }

  #handle(flow: Flow, parsed: ParseResult, party: SipParty): Outcome {
    if (!parsed.ok) return { note: this.proxy.rejectMalformed(flow, parsed.error) };
    if (parsed.message.kind === 'response') return noted(this.proxy.receiveResponse(flow, parsed.message));
    return this.#request(flow, parsed.message, party);
  }

  /** Send a message on a flow (the proxy's `send`); returns the bytes, which a transaction may keep. */
  send(flowId: string, msg: SipMessage, note?: string): Buffer {
    const flow = this.flows.get(flowId);
    // RFC 3261 §18.3: Content-Length is mandatory on a stream; a message relayed from UDP may lack it (Linphone).
    const out =
      flow?.reliable && !flow.internal && !hasHeader(msg, 'content-length')
        ? setHeader(msg, 'content-length', String(msg.body.length))
        : msg;
    const bytes = serialize(out);
    this.#sent(flowId, flow, out, bytes, note);
    return bytes;
  }

  /** Send again bytes sent before (a kept response, for a retransmitted request). */
  resend(flowId: string, bytes: Buffer, note?: string): void {
    const parsed = parseMessage(bytes);
    if (parsed.ok) this.#sent(flowId, this.flows.get(flowId), parsed.message, bytes, note);
  }

  /** Send and journal; a flow that closed meanwhile is journaled as such rather than passed over in silence. */
  #sent(
    flowId: string,
    live: Flow | undefined,
    msg: SipMessage,
    bytes: Buffer,
    note: string | undefined,
  ): void {
    let flow = live;
    if (!flow?.send(bytes)) {
      flow = live ?? this.#gone.get(flowId);
      if (!flow) return;
      note = note ? `${note}; not sent: connection closed` : 'not sent: connection closed';
    }
    const party = this.#party ?? partyOf(this.sim, msg);
    this.#journal.write(flow, 'out', msg, bytes, party, party.tenant?.now() ?? this.sim.clock.now(), note);
  }

  #request(flow: Flow, req: SipRequest, party: SipParty): Outcome {
    if (this.sim.faults.size === 0) return noted(this.proxy.receiveRequest(flow, req));
    const hit = matchFault(
      this.sim,
      party.tenant,
      {
        on: 'sip',
        tenant: party.tenant?.id,
        agent: party.agent?.workNo,
        sipAccount: party.agent?.sipAccount,
        sipMethod: req.method,
      },
      () => ({ corr: this.sim.nextCorr(), target: `${req.method} ${req.uri}` }),
    );
    if (!hit) return { note: this.proxy.receiveRequest(flow, req) };
    const fault = hit.rule.id;
    const act = (): string | undefined => {
      const a = hit.action;
      switch (a.do) {
        case 'sip-status':
          this.proxy.respondWith(flow, req, a.status, a.reason, `fault ${fault}`);
          return `answered ${a.status} by fault`;
        case 'drop':
          return 'dropped by fault';
        case 'close-connection':
          flow.close();
          return 'connection closed by fault';
        case 'expire-nonces':
          this.on.noncesExpired();
          return this.proxy.receiveRequest(flow, req);
        default:
          return this.proxy.receiveRequest(flow, req);
      }
    };
    if (hit.delayMs <= 0) return { note: act(), fault };
    afterFaultDelay(this.sim, party.tenant, hit.delayMs, () => this.#later(party, act));
    return { note: `delayed ${hit.delayMs} ms by fault`, fault };
  }

  /** The delayed part of a fault: what it sends is journaled as usual. */
  #later(party: SipParty, work: () => void): void {
    this.#handled(party, () => {
      work();
      return {};
    });
  }

  /** Handle a message (or a fault's delayed part) concerning `party`: what it sends concerns them too. */
  #handled(party: SipParty, handle: () => Outcome): Outcome {
    const outer = this.#party;
    this.#party = party.tenant ? party : undefined;
    try {
      return handle();
    } catch (err) {
      return this.#failed(err);
    } finally {
      this.#party = outer;
    }
  }

  #failed(err: unknown): Outcome {
    this.sim.logger.error('SIP message handling failed', {
      error: err instanceof Error ? err.stack : String(err),
    });
    return { note: 'internal error (see the log)' };
  }

  #guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.sim.logger.error(`SIP ${what} failed`, { error: err instanceof Error ? err.stack : String(err) });
    }
  }
}
