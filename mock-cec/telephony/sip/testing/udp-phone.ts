import { createSocket, type Socket } from 'node:dgram';
import type { Agent } from '../../../infrastructure/config/tenant-schema.ts';
import { createResponse } from '../core/build-message.ts';
import { header, headerValues, type SipMessage, type SipRequest } from '../core/message.ts';
import { parseMessage } from '../core/parse-message.ts';
import { serialize } from '../core/serialize.ts';
import { answerChallenge, readChallenge } from './digest-client.ts';
import { fakeSdp } from './fake-media-engine.ts';

/**
 * A desktop softphone on real UDP sockets, for tests that drive a simulator
 * in another process: it registers with digest, answers a call with plain
 * RTP/AVP (and counts the RTP the customer sends), and shows every request
 * it receives as parsed wire text. It answers BYE with 200 only when told to
 * (`answerBye`), so a test can also play a phone that never answers.
 */
export class UdpPhone {
  readonly sip: Socket = createSocket('udp4');
  readonly rtp: Socket = createSocket('udp4');
  rtpPackets = 0;
  lastRtpAt = 0;
  answerBye = true;
  #queue: SipMessage[] = [];
  #waiters: (() => void)[] = [];
  #n = 0;

  private constructor(
    readonly server: { host: string; port: number },
    readonly agent: Agent,
  ) {
    this.sip.on('message', (data) => {
      const parsed = parseMessage(data);
      if (!parsed.ok) return;
      const m = parsed.message;
      if (m.kind === 'request' && m.method === 'BYE' && this.answerBye) this.respond(m, 200);
      if (m.kind === 'request' && m.method === 'OPTIONS') return this.respond(m, 200);
      this.#queue.push(m);
      for (const w of this.#waiters.splice(0)) w();
    });
    this.rtp.on('message', () => {
      this.rtpPackets++;
      this.lastRtpAt = Date.now();
    });
  }

  static async open(server: { host: string; port: number }, agent: Agent): Promise<UdpPhone> {
    const phone = new UdpPhone(server, agent);
    await new Promise<void>((r) => phone.sip.bind(0, '127.0.0.1', r));
    await new Promise<void>((r) => phone.rtp.bind(0, '127.0.0.1', r));
    return phone;
  }

  get port(): number {
    return this.sip.address().port;
  }

  send(msg: SipMessage | string): void {
    this.sip.send(
      typeof msg === 'string' ? Buffer.from(msg) : serialize(msg),
      this.server.port,
      this.server.host,
    );
  }

  /** The next message that fits `which` (others stay queued). */
  async next(which: (m: SipMessage) => boolean): Promise<SipMessage> {
    for (;;) {
      const i = this.#queue.findIndex(which);
      if (i >= 0) return this.#queue.splice(i, 1)[0]!;
      await new Promise<void>((r) => this.#waiters.push(r));
    }
  }

  nextRequest(method: string): Promise<SipRequest> {
    return this.next((m) => m.kind === 'request' && m.method === method) as Promise<SipRequest>;
  }

  respond(req: SipRequest, status: number, o: { sdp?: boolean } = {}): void {
    const rr =
      status > 100 && status < 300
        ? headerValues(req, 'record-route').map((r) => ['Record-Route', r] as [string, string])
        : [];
    this.send(
      createResponse(req, status, {
        toTag: 'udp-phone',
        headers: [...rr, ['Contact', `<sip:${this.agent.sipAccount}@127.0.0.1:${this.port}>`]],
        body: o.sdp ? fakeSdp('rtp', '127.0.0.1', this.rtp.address().port) : undefined,
        contentType: o.sdp ? 'application/sdp' : undefined,
      }),
    );
  }

  async register(password = this.agent.sipPwd, expires = 600): Promise<number> {
    const n = ++this.#n;
    const reg = (cseq: number, auth?: string) =>
      [
        'REGISTER sip:127.0.0.1 SIP/2.0',
        `Via: SIP/2.0/UDP 127.0.0.1:${this.port};branch=z9hG4bKudp${n}x${cseq};rport`,
        'Max-Forwards: 70',
        `To: <sip:${this.agent.sipAccount}@127.0.0.1>`,
        `From: <sip:${this.agent.sipAccount}@127.0.0.1>;tag=reg${this.port}`,
        `Call-ID: reg-${this.port}-${n}`,
        `CSeq: ${cseq} REGISTER`,
        `Contact: <sip:${this.agent.sipAccount}@127.0.0.1:${this.port}>;expires=${expires}`,
        ...(auth ? [`Authorization: ${auth}`] : []),
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
    const answer = (cseq: number) =>
      this.next((m) => m.kind === 'response' && header(m, 'cseq') === `${cseq} REGISTER`);
    this.send(reg(1));
    const challenge = await answer(1);
    if (challenge.kind !== 'response' || challenge.status !== 401)
      return challenge.kind === 'response' ? challenge.status : 0;
    const auth = answerChallenge(readChallenge(header(challenge, 'www-authenticate')!), {
      username: this.agent.sipAccount,
      password,
      method: 'REGISTER',
      uri: 'sip:127.0.0.1',
    });
    this.send(reg(2, auth));
    const final = await answer(2);
    return final.kind === 'response' ? final.status : 0;
  }

  /** Answer the next INVITE with RTP media and wait for its ACK. */
  async answerCall(): Promise<SipRequest> {
    const invite = await this.nextRequest('INVITE');
    this.respond(invite, 180);
    this.respond(invite, 200, { sdp: true });
    await this.nextRequest('ACK');
    return invite;
  }

  close(): void {
    this.sip.close();
    this.rtp.close();
  }
}
