import type { FlowRef } from '../registrar/binding.ts';
import type { Source } from './via-received.ts';

/**
 * What the proxy knows of a flow (a WebSocket or TCP connection, a UDP peer,
 * or the in-memory link to the simulated customer): enough to choose and to
 * write its own Via and Record-Route, nothing to send with. Sending is the
 * transports' business.
 */
export interface FlowInfo extends FlowRef {
  /** Reliable transports need no retransmissions (RFC 3261 §17.1.1.2). */
  readonly reliable: boolean;
  /** Where we are on this flow, for our Via and Record-Route. */
  readonly local: { readonly host: string; readonly port: number };
  /** Peer address "ip:port", for the journal. */
  readonly remote: string;
  /** The simulator's own UA (the simulated customer): trusted, never challenged. */
  readonly internal: boolean;
  /** The peer's IP and port, for `received`/`rport` (RFC 3581); none for the in-memory link. */
  readonly source?: Source;
}

/** The `transport` URI parameter for a flow (RFC 3261 §19.1.1, RFC 7118 §5.2). */
export function uriTransport(f: FlowRef): string {
  switch (f.transport) {
    case 'ws':
    case 'wss':
      return ';transport=ws';
    case 'tcp':
      return ';transport=tcp';
    case 'tls':
      return ';transport=tls';
    default:
      return '';
  }
}

/** The Via transport token (RFC 3261 §20.42, RFC 7118 §5.2: WS and WSS). */
export function viaTransport(f: FlowRef): string {
  return f.transport === 'mem' ? 'TCP' : f.transport.toUpperCase();
}
