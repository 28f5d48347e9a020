import type { Agent } from '../../../infrastructure/config/tenant-schema.ts';
import { createRequest, createResponse } from '../core/build-message.ts';
import { header, headerValues, type SipMessage, type SipRequest } from '../core/message.ts';
import { parseMessage } from '../core/parse-message.ts';
import { serialize } from '../core/serialize.ts';
import type { SipServer } from '../sip-server.ts';
import type { Flow } from '../transports/flow.ts';
import { answerChallenge, readChallenge } from './digest-client.ts';
import { fakeSdp } from './fake-media-engine.ts';

/**
 * A scripted softphone on an in-memory flow of the SIP server (no sockets):
 * the test plays the agent's phone and reads every message the simulator
 * sends it, as wire text.
 */
export class FakePhone {
  readonly flow: Flow;
  readonly contact: string;
  #queue: SipMessage[] = [];
  #waiters: ((m: SipMessage) => void)[] = [];
  #n = 0;

  constructor(
    private readonly server: SipServer,
    readonly agent: Agent,
    id: string,
    transport: Flow['transport'] = 'wss',
    /** The Contact to register (default: one of its own); a phone reconnecting on a new flow keeps its old one. */
    contact = `sip:${id}@${id}.invalid;transport=ws`,
  ) {
    this.contact = contact;
    this.flow = {
      id,
      transport,
      reliable: true,
      internal: false,
      local: { host: '127.0.0.1', port: 8043 },
      remote: `192.0.2.9:${id.length}`,
      send: (data) => {
        const parsed = parseMessage(data);
        if (!parsed.ok) throw new Error(`the simulator sent an unreadable message: ${parsed.error.detail}`);
        const waiter = this.#waiters.shift();
        if (waiter) waiter(parsed.message);
        else this.#queue.push(parsed.message);
        return true;
      },
      close: () => server.closed(this.flow),
    };
    server.opened(this.flow);
  }

  send(msg: SipMessage | string): void {
    this.server.received(this.flow, typeof msg === 'string' ? Buffer.from(msg) : serialize(msg));
  }

  /** The next message the simulator sends this phone (skipping 100 Trying). */
  async next(): Promise<SipMessage> {
    for (;;) {
      const m = this.#queue.shift() ?? (await new Promise<SipMessage>((r) => this.#waiters.push(r)));
      if (m.kind === 'response' && m.status === 100) continue;
      return m;
    }
  }

  async nextRequest(method: string): Promise<SipRequest> {
    const m = await this.next();
    if (m.kind !== 'request' || m.method !== method) {
      throw new Error(`expected ${method}, got ${m.kind === 'request' ? m.method : m.status}`);
    }
    return m;
  }

  get pending(): number {
    return this.#queue.length;
  }

  /** Answer a request the way a UA does: our tag, our Contact, the Record-Route echoed. */
  respond(req: SipRequest, status: number, o: { sdp?: boolean; tag?: string; contact?: string } = {}): void {
    const rr =
      status > 100 && status < 300
        ? headerValues(req, 'record-route').map((r) => ['Record-Route', r] as [string, string])
        : [];
    this.send(
      createResponse(req, status, {
        toTag: o.tag ?? `phone-${this.flow.id}`,
        headers: [...rr, ['Contact', `<${o.contact ?? this.contact}>`]],
        body: o.sdp ? fakeSdp('webrtc', '192.0.2.9', 50_000) : undefined,
        contentType: o.sdp ? 'application/sdp' : undefined,
      }),
    );
  }

  async register(expires = 600): Promise<void> {
    const reg = (cseq: number, auth?: string) =>
      [
        'REGISTER sip:127.0.0.1 SIP/2.0',
        `Via: SIP/2.0/WSS ${this.flow.id}.invalid;branch=z9hG4bKph${this.flow.id}${++this.#n}`,
        'Max-Forwards: 70',
        `To: <sip:${this.agent.sipAccount}@127.0.0.1>`,
        `From: <sip:${this.agent.sipAccount}@127.0.0.1>;tag=reg${this.flow.id}`,
        `Call-ID: reg-${this.flow.id}`,
        `CSeq: ${cseq} REGISTER`,
        `Contact: <${this.contact}>;expires=${expires}`,
        ...(auth ? [`Authorization: ${auth}`] : []),
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
    this.send(reg(1));
    const challenge = await this.next();
    const auth = answerChallenge(readChallenge(header(challenge, 'www-authenticate')!), {
      username: this.agent.sipAccount,
      password: this.agent.sipPwd,
      method: 'REGISTER',
      uri: 'sip:127.0.0.1',
    });
    this.send(reg(2, auth));
    const ok = await this.next();
    if (ok.kind !== 'response' || ok.status !== 200) throw new Error('registration failed');
  }

  /**
   * Call a number: INVITE, 407, ACK, INVITE with credentials (the rest is the
   * test's to read). Returns the Call-ID and a writer of in-dialog requests.
   */
  async call(
    number: string,
    /** The SDP offer ('' for none); a WebRTC offer with PCMU by default. */
    sdp: string = fakeSdp('webrtc', '192.0.2.9', 50_000),
  ): Promise<{
    callId: string;
    inDialog(method: string, res: SipMessage, body?: { type: string; text: string }): SipRequest;
  }> {
    const n = ++this.#n;
    const callId = `phone-call-${this.flow.id}-${n}`;
    const from = `<sip:${this.agent.sipAccount}@127.0.0.1>;tag=caller${n}`;
    const uri = `sip:${number}@127.0.0.1`;
    const invite = (cseq: number, auth?: string) =>
      createRequest({
        method: 'INVITE',
        uri,
        headers: [
          ['Via', `SIP/2.0/WSS ${this.flow.id}.invalid;branch=z9hG4bKinv${n}x${cseq}`],
          ['Max-Forwards', '70'],
          ['To', `<${uri}>`],
          ['From', from],
          ['Call-ID', callId],
          ['CSeq', `${cseq} INVITE`],
          ['Contact', `<${this.contact}>`],
          ...(auth ? [['Proxy-Authorization', auth] as [string, string]] : []),
        ],
        body: sdp || undefined,
        contentType: sdp ? 'application/sdp' : undefined,
      });
    this.send(invite(1));
    const challenge = await this.next();
    const ack = createRequest({
      method: 'ACK',
      uri,
      headers: [
        ['Via', `SIP/2.0/WSS ${this.flow.id}.invalid;branch=z9hG4bKinv${n}x1`],
        ['Max-Forwards', '70'],
        ['To', header(challenge, 'to') ?? ''],
        ['From', from],
        ['Call-ID', callId],
        ['CSeq', '1 ACK'],
      ],
    });
    this.send(ack);
    const auth = answerChallenge(readChallenge(header(challenge, 'proxy-authenticate')!), {
      username: this.agent.sipAccount,
      password: this.agent.sipPwd,
      method: 'INVITE',
      uri,
    });
    this.send(invite(2, auth));
    const inDialog = (method: string, res: SipMessage, body?: { type: string; text: string }) =>
      createRequest({
        method,
        uri: headerValues(res, 'contact')[0]?.replace(/^<|>.*$/g, '') ?? uri,
        headers: [
          ['Via', `SIP/2.0/WSS ${this.flow.id}.invalid;branch=z9hG4bK${method}${++this.#n}`],
          ['Max-Forwards', '70'],
          ...headerValues(res, 'record-route')
            .reverse()
            .map((r) => ['Route', r] as [string, string]),
          ['To', header(res, 'to') ?? ''],
          ['From', from],
          ['Call-ID', callId],
          ['CSeq', `${method === 'ACK' ? 2 : ++cseq} ${method}`],
        ],
        body: body?.text,
        contentType: body?.type,
      });
    let cseq = 2;
    return { callId, inDialog };
  }
}
