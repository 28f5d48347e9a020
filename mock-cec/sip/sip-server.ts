import { describeAction } from '../faults/fault-rule.ts';
import type { Simulator } from '../state/simulator.ts';
import type { SipMessage, SipRequest } from './core/message.ts';
import { parseMessage } from './core/parse-message.ts';
import { serialize } from './core/serialize.ts';
import type { SipProxy } from './proxy/sip-proxy.ts';
import { journalSip, partyOf, type SipParty } from './sip-journal.ts';
import type { Flow, FlowSink } from './transports/flow.ts';

/**
 * The edge between transports and the proxy engine: parse what arrives,
 * journal every message in and out, apply `on: sip` fault rules, hand the
 * rest to the engine, and send what it answers on the right flow. A bug in
 * handling one message is logged and does not take the server down.
 */
export class SipServer implements FlowSink {
  readonly flows = new Map<string, Flow>();
  proxy!: SipProxy;
  /** After the proxy has dropped a closed flow's bindings: the simulated customer ends the calls it carried. */
  onFlowClosed: (flowId: string) => void = () => undefined;
  /** Outgoing journal entries held back while an incoming message is handled, so the journal reads in order. */
  #held: (() => void)[] | undefined;
  /** Whom the message being handled concerns: its answers concern them too. */
  #party: SipParty | undefined;

  constructor(
    private readonly sim: Simulator,
    private readonly onNoncesExpired: () => void,
  ) {}

  opened(flow: Flow): void {
    this.flows.set(flow.id, flow);
  }

  closed(flow: Flow): void {
    if (!this.flows.delete(flow.id)) return;
    this.#guard('flow closed', () => {
      this.proxy.flowClosed(flow.id);
      this.onFlowClosed(flow.id);
    });
  }

  unframeable(flow: Flow, detail: string): void {
    journalSip(this.sim, flow, 'in', undefined, undefined, { note: `stream closed: ${detail}` });
  }

  received(flow: Flow, data: Buffer): void {
    const parsed = parseMessage(data);
    if (!parsed.ok && parsed.error.code === 'empty') return;
    const msg = parsed.ok ? parsed.message : parsed.error.partial;
    const party = partyOf(this.sim, msg);
    this.#handling(flow, msg, data, party, () => {
      if (!parsed.ok) return { note: this.proxy.rejectMalformed(flow, parsed.error) };
      const m = parsed.message;
      if (m.kind === 'response') return { note: this.proxy.receiveResponse(flow, m) };
      return this.#request(flow, m, party);
    });
  }

  /** Send a message on a flow (the proxy's `send`). */
  send(flowId: string, msg: SipMessage, note?: string): void {
    const flow = this.flows.get(flowId);
    const party = this.#party;
    const journal = () => {
      if (flow) journalSip(this.sim, flow, 'out', msg, undefined, { note, party });
    };
    if (this.#held) this.#held.push(journal);
    else journal();
    flow?.send(serialize(msg));
  }

  #request(flow: Flow, req: SipRequest, party: SipParty): { note?: string; fault?: string } {
    if (this.sim.faults.size === 0) return { note: this.proxy.receiveRequest(flow, req) };
    const hit = this.sim.faults.match(
      {
        on: 'sip',
        tenant: party.tenant?.id,
        agent: party.agent?.workNo,
        sipAccount: party.agent?.sipAccount,
        sipMethod: req.method,
      },
      (party.tenant?.rng ?? this.sim.rng).next,
    );
    if (!hit) return { note: this.proxy.receiveRequest(flow, req) };
    const fault = hit.rule.id;
    this.sim.journal.append({
      kind: 'fault',
      at: party.tenant?.now() ?? this.sim.clock.now(),
      tenant: party.tenant?.id,
      corr: this.sim.nextCorr(),
      rule: fault,
      action: describeAction(hit.action),
      target: `${req.method} ${req.uri}`,
    });
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
          this.onNoncesExpired();
          return this.proxy.receiveRequest(flow, req);
        default:
          return this.proxy.receiveRequest(flow, req);
      }
    };
    if (hit.delayMs <= 0) return { note: act(), fault };
    setTimeout(
      () => this.#handling(flow, undefined, undefined, party, () => ({ note: act(), fault })),
      hit.delayMs,
    );
    return { note: `delayed ${hit.delayMs} ms by fault`, fault };
  }

  /** Run `work` for one incoming message; journal it (when given) before what it sent. */
  #handling(
    flow: Flow,
    msg: SipMessage | undefined,
    raw: Buffer | undefined,
    party: SipParty,
    work: () => { note?: string; fault?: string },
  ): void {
    const held: (() => void)[] = [];
    this.#held = held;
    this.#party = party.tenant ? party : undefined;
    let outcome: { note?: string; fault?: string } = {};
    try {
      outcome = work();
    } catch (err) {
      this.sim.logger.error('SIP message handling failed', {
        error: err instanceof Error ? err.stack : String(err),
      });
      outcome = { note: 'internal error (see the log)' };
    } finally {
      this.#held = undefined;
      this.#party = undefined;
    }
    if (msg || raw) journalSip(this.sim, flow, 'in', msg, raw, { ...outcome, party });
    for (const j of held) j();
  }

  #guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.sim.logger.error(`SIP ${what} failed`, { error: err instanceof Error ? err.stack : String(err) });
    }
  }
}
