import { replaceFirstValue, type SipRequest } from '../core/message.ts';
import type { Params } from '../core/split-values.ts';
import { formatVia, type Via } from '../core/via.ts';

/** Where a request came from: the packet's source address and port. */
export interface Source {
  readonly ip: string;
  readonly port: number;
}

/**
 * RFC 3261 §18.2.1 and RFC 3581 §4: the top Via of a request gets
 * `received=<source IP>` when its sent-by host is another address, and an
 * empty `rport` gets the source port (with `received`, even when the host is
 * the same). Responses copy the Via, so they tell the client where it was seen
 * from. A Via that needs neither (the usual case on loopback, sipp's REGISTER)
 * is left as it came: no new message, no allocation.
 */
export function stampVia(req: SipRequest, via: Via, source: Source): SipRequest {
  let rport = false;
  let received = false;
  for (const [name, value] of via.params) {
    if (name === 'rport' && value === undefined) rport = true;
    else if (name === 'received') received = true;
  }
  if (!rport && (received || sameHost(via.host, source.ip))) return req;
  const params: [string, string | undefined][] = [];
  for (const p of via.params as Params) {
    if (p[0] === 'received') continue;
    params.push(p[0] === 'rport' && rport ? ['rport', String(source.port)] : [p[0], p[1]]);
  }
  // RFC 3261 §25.1: `received` is an IPv4address or IPv6address, the latter without brackets.
  params.push(['received', source.ip]);
  return replaceFirstValue(req, 'via', formatVia({ ...via, params }));
}

/** A sent-by host (IPv6 in brackets, lowercased) naming the source IP. */
function sameHost(host: string, ip: string): boolean {
  if (host === ip) return true;
  return host.length === ip.length + 2 && host[0] === '[' && host.startsWith(ip.toLowerCase(), 1);
}
