/**
 * A stand-in for the CEC's SIP side, for the page's browser tests until
 * mock-cec's own SIP server lands: a secure WebSocket speaking just enough SIP
 * (RFC 3261 over RFC 7118) to register one softphone with digest auth, send it
 * an INVITE carrying an offer made elsewhere, remote-answer it with an
 * out-of-dialog `NOTIFY Event: talk`, and answer its BYE. Test code only: the
 * integration itself never imports it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

interface SipMessage {
  firstLine: string;
  headers: [string, string][];
  body: string;
}

const REALM = 'stand-in';
const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const token = () => randomBytes(6).toString('hex');

function parse(text: string): SipMessage {
  const [head = '', body = ''] = text.split('\r\n\r\n');
  const [firstLine = '', ...lines] = head.split('\r\n');
  const headers = lines.map((l): [string, string] => {
    const i = l.indexOf(':');
    return [l.slice(0, i).trim(), l.slice(i + 1).trim()];
  });
  return { firstLine, headers, body };
}

const header = (m: SipMessage, name: string) =>
  m.headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

function serialize(firstLine: string, headers: [string, string][], body = ''): string {
  const all = [...headers, ['Content-Length', String(Buffer.byteLength(body))] as [string, string]];
  return `${firstLine}\r\n${all.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body}`;
}

/** A response to `req`, echoing the headers RFC 3261 §8.2.6.2 says a UAS copies. */
function respond(req: SipMessage, status: string, extra: [string, string][] = []): string {
  const copied = ['Via', 'From', 'To', 'Call-ID', 'CSeq'].flatMap((name) =>
    req.headers.filter(([k]) => k.toLowerCase() === name.toLowerCase()),
  );
  const to = copied.find(([k]) => k.toLowerCase() === 'to');
  if (to && !/;tag=/.test(to[1])) to[1] += `;tag=${token()}`;
  return serialize(`SIP/2.0 ${status}`, [...copied, ...extra]);
}

export interface StandInSip {
  wsUrl: string;
  /** What happened, in order: "REGISTER 401", "REGISTER 200", "INVITE 180", "NOTIFY 200", "BYE", ... */
  log: string[];
  /** Send an INVITE with `offer` to the registered phone; resolves with the answer SDP once it is accepted. */
  ring(offer: string): Promise<string>;
  /** Send `NOTIFY Event: <event>` out of dialog; resolves with the phone's status code. */
  notify(event: string): Promise<number>;
  close(): Promise<void>;
}

export async function startStandInSip(o: {
  tls: { key: string; cert: string };
  user: string;
  password: string;
}): Promise<StandInSip> {
  const server = createServer(o.tls);
  const wss = new WebSocketServer({ server, handleProtocols: (p) => (p.has('sip') ? 'sip' : false) });
  const log: string[] = [];
  const nonce = token();
  const pending = new Map<string, (res: SipMessage) => void>();
  let phone: { socket: WebSocket; contact: string } | undefined;

  const onRequest = (socket: WebSocket, req: SipMessage) => {
    const method = req.firstLine.split(' ')[0]!;
    if (method === 'REGISTER') {
      const auth = header(req, 'Authorization');
      const ok = auth !== undefined && digestOk(auth, 'REGISTER', o.user, o.password, nonce);
      if (!ok) {
        log.push('REGISTER 401');
        const challenge = `Digest realm="${REALM}", nonce="${nonce}", qop="auth", algorithm=MD5`;
        socket.send(respond(req, '401 Unauthorized', [['WWW-Authenticate', challenge]]));
        return;
      }
      const contact = /<([^>]+)>/.exec(header(req, 'Contact') ?? '')?.[1];
      if (contact) phone = { socket, contact };
      log.push('REGISTER 200');
      socket.send(respond(req, '200 OK', [['Contact', `${header(req, 'Contact')};expires=600`]]));
      return;
    }
    log.push(method);
    socket.send(respond(req, '200 OK'));
  };

  /** Send a request to the phone; `onFinal` sees its final response. */
  const request = (
    method: string,
    extra: [string, string][],
    body = '',
    onFinal?: (r: SipMessage) => void,
  ) => {
    if (!phone) throw new Error('no phone registered');
    const callId = token();
    pending.set(callId, (res) => onFinal?.(res));
    phone.socket.send(
      serialize(
        `${method} ${phone.contact} SIP/2.0`,
        [
          ['Via', `SIP/2.0/WSS stand-in.invalid;branch=z9hG4bK${token()}`],
          ['Max-Forwards', '70'],
          ['From', `"Customer" <sip:5551234@stand-in.invalid>;tag=${token()}`],
          ['To', `<sip:${o.user}@stand-in.invalid>`],
          ['Call-ID', callId],
          ['CSeq', `1 ${method}`],
          ...extra,
        ],
        body,
      ),
    );
  };

  wss.on('connection', (socket) => {
    socket.on('message', (data) => {
      const m = parse(data.toString());
      if (!m.firstLine.startsWith('SIP/2.0 ')) return onRequest(socket, m);
      const status = Number(m.firstLine.split(' ')[1]);
      const method = header(m, 'CSeq')?.split(' ')[1];
      log.push(`${method} ${status}`);
      if (status >= 200) pending.get(header(m, 'Call-ID') ?? '')?.(m);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    wsUrl: `wss://127.0.0.1:${port}/sip`,
    log,
    ring: (offer) =>
      new Promise((resolve, reject) => {
        const contact: [string, string] = ['Contact', '<sip:5551234@stand-in.invalid;transport=ws>'];
        request('INVITE', [contact, ['Content-Type', 'application/sdp']], offer, (res) => {
          const status = Number(res.firstLine.split(' ')[1]);
          if (status !== 200) return reject(new Error(`INVITE answered ${status}`));
          // ACK the 200 (RFC 3261 §13.2.2.4), in the dialog it created.
          const target = /<([^>]+)>/.exec(header(res, 'Contact') ?? '')?.[1] ?? phone!.contact;
          phone!.socket.send(
            serialize(`ACK ${target} SIP/2.0`, [
              ['Via', `SIP/2.0/WSS stand-in.invalid;branch=z9hG4bK${token()}`],
              ['Max-Forwards', '70'],
              ['From', header(res, 'From')!],
              ['To', header(res, 'To')!],
              ['Call-ID', header(res, 'Call-ID')!],
              ['CSeq', '1 ACK'],
            ]),
          );
          resolve(res.body);
        });
      }),
    notify: (event) =>
      new Promise((resolve) =>
        request(
          'NOTIFY',
          [
            ['Event', event],
            ['Subscription-State', 'terminated'],
          ],
          '',
          (res) => resolve(Number(res.firstLine.split(' ')[1])),
        ),
      ),
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** RFC 2617 §3.2.2 with qop=auth. */
function digestOk(auth: string, method: string, user: string, password: string, nonce: string): boolean {
  const p = Object.fromEntries([...auth.matchAll(/(\w+)="?([^",]*)"?/g)].map((m) => [m[1], m[2]]));
  if (p.username !== user || p.nonce !== nonce) return false;
  const ha1 = md5(`${user}:${REALM}:${password}`);
  const ha2 = md5(`${method}:${p.uri}`);
  return p.response === md5(`${ha1}:${nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`);
}
