import { isIP } from 'node:net';
import { plainReadings, type Readings } from '../core/readings.ts';
import { hasParam, param } from '../core/split-values.ts';
import type { Via } from '../core/via.ts';
import type { FlowInfo } from './flow-info.ts';

/**
 * Where requests for a contact registered over UDP go (RFC 3261 §10.3, §18.1.1):
 * to the Contact, the address the phone asked to be reached at, unless the
 * registration asked for the flow it came over:
 * - `rport` in the REGISTER's Via with a NAT between (the Contact's IP is not
 *   the one the REGISTER came from): the phone wants to be reached where it
 *   sent from (RFC 3581, as Kamailio's nat_uac_test and fix_nated_register
 *   read it). On the same host the Contact is reachable and is where the
 *   phone listens: sipsak sends from one port and listens on another;
 * - RFC 5626 outbound: a `reg-id` (with `+sip.instance`) or `ob`;
 * - a Contact host ending `.invalid` (nothing to send to but the flow);
 * - a Contact we cannot send to over this socket: a host name (no DNS here:
 *   a simulator choice), another IP family, another transport.
 * Connections (TCP, TLS, WebSocket) always use their flow (RFC 5626 §4.3, RFC 7118).
 * `readings`: the proxy's (every REGISTER of a phone repeats its Contact).
 */
export interface ContactTarget {
  readonly ip: string;
  readonly port: number;
}

export function contactTarget(
  flow: FlowInfo,
  via: Via,
  contact: { readonly uri: string; readonly regId?: string; readonly instance?: string },
  readings: Readings = plainReadings,
): ContactTarget | undefined {
  const source = flow.source;
  if (flow.transport !== 'udp' || !source) return undefined;
  if (contact.regId !== undefined) return undefined;
  const uri = readings.uri(contact.uri);
  if (uri?.scheme !== 'sip') return undefined;
  const port = uri.port ?? 5060;
  const host = uri.host;
  // The flow's own address (the usual case, sipp's REGISTER): nothing to change, nothing made.
  if (host === source.ip && port === source.port) return undefined;
  if (param(uri.params, 'ob') !== undefined) return undefined;
  const transport = param(uri.params, 'transport');
  if (transport !== undefined && transport.toLowerCase() !== 'udp') return undefined;
  const ip = host[0] === '[' ? host.slice(1, -1) : host;
  if (ip === source.ip && port === source.port) return undefined;
  if (isIP(ip) === 0 || isIP(ip) !== isIP(source.ip)) return undefined;
  if (ip !== source.ip && hasParam(via.params, 'rport')) return undefined;
  return { ip, port };
}
