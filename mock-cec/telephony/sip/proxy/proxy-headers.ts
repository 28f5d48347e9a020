import {
  headerValues,
  prependHeader,
  removeFirstValue,
  type SipRequest,
  setHeader,
} from '../core/message.ts';
import { plainReadings, type Readings } from '../core/readings.ts';
import { param } from '../core/split-values.ts';
import type { Via } from '../core/via.ts';
import { type FlowInfo, uriTransport, viaTransport } from './flow-info.ts';

/**
 * The headers a stateful proxy writes and reads back (RFC 3261 §16.6): its
 * Via (and recognising it on responses), its Record-Route (and popping it
 * from Route), Max-Forwards. Pure text work.
 *
 * Our Record-Route carries the two flows the dialog runs over
 * (`;mcf=<flowA>~<flowB>`), so an in-dialog request finds its way back over a
 * WebSocket whose Contact host is `*.invalid` (NOTES-platform.md). It plays
 * the part of RFC 5626's flow token.
 */

const FLOWS_PARAM = 'mcf';

export function ourVia(out: FlowInfo, branch: string): string {
  return `SIP/2.0/${viaTransport(out)} ${out.local.host}:${out.local.port};branch=${branch}`;
}

/** The branch of a response's top Via (its facts' `via`), if the Via is ours: it names our client transaction. */
export function ourBranch(topVia: Via, branchPrefix: string): string | undefined {
  return topVia.branch?.startsWith(branchPrefix) ? topVia.branch : undefined;
}

export function recordRouteUri(side: FlowInfo, flows: readonly [string, string]): string {
  return `<sip:${side.local.host}:${side.local.port}${uriTransport(side)};lr;${FLOWS_PARAM}=${flows[0]}~${flows[1]}>`;
}

/**
 * Add our Record-Route for a dialog-creating request going from `inbound` to
 * `outbound`. When the two sides use different transports we record-route
 * twice (RFC 5658 §3.3), the outbound-facing entry on top.
 */
export function addRecordRoute(req: SipRequest, inbound: FlowInfo, outbound: FlowInfo): SipRequest {
  const flows = [inbound.id, outbound.id] as const;
  let out = prependHeader(req, 'record-route', recordRouteUri(inbound, flows));
  const sameFace =
    uriTransport(inbound) === uriTransport(outbound) &&
    inbound.local.host === outbound.local.host &&
    inbound.local.port === outbound.local.port;
  if (!sameFace) out = prependHeader(out, 'record-route', recordRouteUri(outbound, flows));
  return out;
}

/**
 * A Record-Route (or Route) value of ours, with the two flows it names; undefined when not ours.
 * `readings`: the proxy's (a dialog's Route repeats in each of its requests).
 */
export function ourRoute(
  value: string,
  ourHost: string,
  readings: Readings = plainReadings,
): { flows?: [string, string] } | undefined {
  const na = readings.nameAddr(value);
  const uri = na ? readings.uri(na.uri) : undefined;
  const token = uri ? param(uri.params, FLOWS_PARAM) : undefined;
  if (!uri || token === undefined || uri.host !== ourHost) return undefined;
  const [a, b] = token.split('~');
  return a && b ? { flows: [a, b] } : {};
}

/**
 * RFC 3261 §16.4: remove the top Route values that are ours (one, or two when
 * we double record-routed), returning the flows they named.
 */
export function popOurRoutes(
  req: SipRequest,
  ourHost: string,
  readings: Readings = plainReadings,
): { req: SipRequest; flows?: [string, string] } {
  let out = req;
  let flows: [string, string] | undefined;
  for (;;) {
    const top = headerValues(out, 'route')[0];
    const ours = top === undefined ? undefined : ourRoute(top, ourHost, readings);
    if (!ours) break;
    flows = ours.flows ?? flows;
    out = removeFirstValue(out, 'route');
  }
  return { req: out, flows };
}

/** RFC 3261 §16.6 step 3: decrement Max-Forwards, adding it with 70 when absent. */
export function decrementMaxForwards(req: SipRequest, current: number | undefined): SipRequest {
  return setHeader(req, 'max-forwards', String(current === undefined ? 69 : current - 1));
}
