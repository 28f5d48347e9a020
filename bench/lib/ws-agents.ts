import { header } from '../../mock-cec/telephony/sip/core/message.ts';
import { answerChallenge, readChallenge } from '../../mock-cec/telephony/sip/testing/digest-client.ts';
import { type TestClient, wsClient } from '../../mock-cec/telephony/sip/testing/socket-clients.ts';

/**
 * Agents' softphones over SIP WebSocket (RFC 7118), as raw `ws` clients from
 * Node: each registers with digest (REGISTER → 401 → REGISTER → 200) the way
 * SIP.js does (a `.invalid` Contact, `transport=ws`), and stays connected.
 * A bounded number register at a time, as a real fleet of browsers would.
 * An agent that could not connect or register (a server refusing more
 * connections from one address, say) is a figure, `failed`, with its reason:
 * never an error thrown at the caller, nor one left unhandled on a socket.
 */
export interface WsAgent {
  username: string;
  password: string;
}

export interface WsFleet {
  clients: TestClient[];
  /** Why each agent that is not registered is not (one line each, in the order they failed). */
  failed: string[];
  close(): Promise<void>;
}

export async function registerOverWs(
  url: string,
  agents: readonly WsAgent[],
  o: { concurrency?: number; realm?: string; ca?: string; expiresSec?: number } = {},
): Promise<WsFleet> {
  const clients: TestClient[] = [];
  const failed: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < agents.length) {
      // The agent's index names its Via host and Call-ID: unique, also with registrations in flight.
      const n = next++;
      const agent = agents[n]!;
      const client = await wsClient(url, o.ca).catch((err: unknown) => {
        failed.push(`agent ${agent.username}: could not connect (${reason(err)})`);
        return undefined;
      });
      if (!client) continue;
      // Errors after the handshake (a reset) end in 'close', which the client awaits; keep them from crashing us.
      client.socket.on('error', () => {});
      try {
        await registerOne(client, agent, n, o);
        clients.push(client);
      } catch (err) {
        failed.push(`agent ${agent.username}: ${reason(err).replace(/^agent [^:]+: /, '')}`);
        await client.close();
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency ?? 50 }, worker));
  return { clients, failed, close: async () => void (await Promise.all(clients.map((c) => c.close()))) };
}

/** Failures grouped by reason with the agents' names left out: "3× could not connect (ECONNRESET)". */
export function failureSummary(failed: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const f of failed) {
    const why = f.replace(/^agent [^:]+: /, '');
    counts.set(why, (counts.get(why) ?? 0) + 1);
  }
  return [...counts].map(([why, n]) => `${n}× ${why}`).join('; ');
}

function reason(err: unknown): string {
  if (err instanceof Error) return (err as NodeJS.ErrnoException).code ?? err.message;
  return String(err);
}

async function registerOne(
  client: TestClient,
  agent: WsAgent,
  n: number,
  o: { expiresSec?: number },
): Promise<void> {
  const host = `a${n}.invalid`;
  const request = (cseq: number, auth?: string) =>
    [
      'REGISTER sip:127.0.0.1 SIP/2.0',
      `Via: SIP/2.0/WS ${host};branch=z9hG4bK${n}x${cseq}`,
      'Max-Forwards: 70',
      `To: <sip:${agent.username}@127.0.0.1>`,
      `From: <sip:${agent.username}@127.0.0.1>;tag=t${n}`,
      `Call-ID: ws${n}@${host}`,
      `CSeq: ${cseq} REGISTER`,
      `Contact: <sip:${agent.username}@${host};transport=ws>;expires=${o.expiresSec ?? 600}`,
      ...(auth ? [`Authorization: ${auth}`] : []),
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
  client.send(request(1));
  const challenged = await client.next();
  const challenge = challenged.kind === 'response' ? header(challenged, 'www-authenticate') : undefined;
  if (!challenge) throw new Error(`agent ${agent.username}: no challenge`);
  const auth = answerChallenge(readChallenge(challenge), {
    username: agent.username,
    password: agent.password,
    method: 'REGISTER',
    uri: 'sip:127.0.0.1',
  });
  client.send(request(2, auth));
  const ok = await client.next();
  if (ok.kind !== 'response' || ok.status !== 200)
    throw new Error(`agent ${agent.username}: ${ok.kind === 'response' ? ok.status : ok.method}`);
}
