/**
 * A registration binding (RFC 3261 §10): one contact of an address of record
 * (the agent's softphone number), reachable over the flow it registered on.
 *
 *   (none) ──REGISTER──▶ registered ──REGISTER (refresh)──▶ registered
 *                            │
 *                            └──Expires 0 / `*` / expiry / flow closed / reset──▶ (removed)
 */
export interface Binding {
  /** The address of record: the softphone number (`sipAccount`). */
  readonly aor: string;
  /** The Contact URI exactly as the client wrote it (SIP.js looks for it in the 200). */
  readonly uri: string;
  /** Normalised URI (`sip:user@host:port`), for lookups by a Request-URI. */
  readonly uriKey: string;
  /** What makes two contacts the same binding: the instance id when sent (RFC 5626 §4.1), else the URI. */
  readonly key: string;
  readonly instance?: string;
  readonly regId?: string;
  readonly callId: string;
  readonly cseq: number;
  readonly registeredAt: number;
  readonly expiresAt: number;
  /** The transport connection (or UDP peer) it came over: requests for it go back there. */
  readonly flow: FlowRef;
  readonly userAgent?: string;
}

/** What the registrar knows of a flow: its id, and its transport for the journal and media flavour. */
export interface FlowRef {
  readonly id: string;
  readonly transport: 'udp' | 'tcp' | 'tls' | 'ws' | 'wss' | 'mem';
}

export type BindingEvent =
  | 'registered'
  | 'refreshed'
  | 'unregistered'
  | 'expired'
  | 'flow-closed'
  | 'reset'
  | 'replaced';

export interface BindingChange {
  readonly binding: Binding;
  readonly event: BindingEvent;
}

/** Seconds left, as the 200's `expires` parameter says it. */
export function secondsLeft(b: Binding, now: number): number {
  return Math.max(0, Math.round((b.expiresAt - now) / 1000));
}
