import type { FlowInfo } from '../proxy/flow-info.ts';

/**
 * A flow at the edge: a WebSocket or TCP connection, a UDP peer, or the
 * in-memory link to the simulated customer. Transports make flows and feed
 * what arrives to a FlowSink; they decide nothing.
 */
export interface Flow extends FlowInfo {
  /** Hand bytes to the peer; false when the flow can no longer carry them (a connection closed). */
  send(data: Buffer): boolean;
  /** Close now (a `close-connection` fault, or shutdown). */
  close(): void;
}

export interface FlowSink {
  opened(flow: Flow): void;
  received(flow: Flow, data: Buffer): void;
  /** A stream that could not be cut into messages (the transport closes it). */
  unframeable(flow: Flow, detail: string): void;
  /** A connection the transport closed or refused for cause: a deadline, a cap, TLS on the plain port. */
  dropped?(flow: Flow, detail: string): void;
  closed(flow: Flow): void;
  /** How long a datagram waited in the receive queue (ms), measured now and then by a transport. */
  queueWait?(waitMs: number): void;
}

/** Where we listen (`bind`) and the address we put in Via and Record-Route (`advertise`, an IP; IPv6 bracketed there). */
export interface Addresses {
  bind: string;
  advertise: string;
  /** Socket errors worth a log line (the transport carries on). */
  onError?: (what: string, err: unknown) => void;
}

/** A host as SIP writes it in a URI or Via (RFC 3261 §25.1 IPv6reference): IPv6 in brackets. */
export function uriHost(host: string): string {
  return host.includes(':') && host[0] !== '[' ? `[${host}]` : host;
}

/** A socket's peer IP as SIP compares it: an IPv4-mapped IPv6 address (a dual-stack socket) as IPv4. */
export function peerIp(address: string | undefined): string {
  if (address === undefined) return '';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/** "ip:port", with IPv6 in brackets. */
export function hostPort(address: string | undefined, port: number | undefined): string {
  const a = address ?? '?';
  return `${a.includes(':') ? `[${a}]` : a}:${port ?? 0}`;
}
