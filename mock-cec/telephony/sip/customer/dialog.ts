import { createRequest } from '../core/build-message.ts';
import { headerValues, type SipMessage, type SipRequest } from '../core/message.ts';
import { parseNameAddr } from '../core/name-addr.ts';

/**
 * The state of one dialog seen from the simulated customer (RFC 3261 §12):
 * enough to write in-dialog requests (ACK, BYE) that the proxy routes back
 * through its Record-Route.
 */
export interface Dialog {
  readonly callId: string;
  readonly localTag: string;
  remoteTag?: string;
  /** Our From (as caller) or To (as callee) value, without tag. */
  readonly localUri: string;
  /** The peer's, without tag. */
  readonly remoteUri: string;
  /** The peer's Contact URI (RFC 3261 §12.1.2). */
  remoteTarget?: string;
  /** Route values for in-dialog requests. */
  routeSet: string[];
  /** Our CSeq for the next in-dialog request. */
  localSeq: number;
  /** Our Contact value. */
  readonly contact: string;
}

/** The peer's Contact URI in a message, if any. */
export function contactUri(msg: SipMessage): string | undefined {
  const c = headerValues(msg, 'contact')[0];
  return c ? parseNameAddr(c)?.uri : undefined;
}

/**
 * RFC 3261 §12.1: the route set is the Record-Route of the message that made
 * the dialog, in order for the callee and reversed for the caller.
 */
export function routeSetOf(msg: SipMessage, asCaller: boolean): string[] {
  const rr = headerValues(msg, 'record-route');
  return asCaller ? rr.reverse() : rr;
}

export function inDialogRequest(
  d: Dialog,
  method: string,
  via: string,
  o: {
    cseq?: number;
    headers?: readonly (readonly [string, string])[];
    body?: string;
    contentType?: string;
  } = {},
): SipRequest {
  const tag = (v: string, t: string | undefined) => (t ? `${v};tag=${t}` : v);
  const target = d.remoteTarget ?? parseNameAddr(d.remoteUri)?.uri ?? d.remoteUri;
  return createRequest({
    method,
    uri: target,
    headers: [
      ['Via', via],
      ['Max-Forwards', '70'],
      ...d.routeSet.map((r) => ['Route', r] as [string, string]),
      ['From', tag(d.localUri, d.localTag)],
      ['To', tag(d.remoteUri, d.remoteTag)],
      ['Call-ID', d.callId],
      ['CSeq', `${o.cseq ?? d.localSeq} ${method}`],
      ...(method === 'INVITE' ? [['Contact', d.contact] as [string, string]] : []),
      ...(o.headers ?? []),
    ],
    body: o.body,
    contentType: o.contentType,
  });
}
