import { isIPv4 } from 'node:net';

/**
 * The DER value of an X.509 Name Constraints extension with permitted subtrees
 * only (RFC 5280 §4.2.1.10):
 *
 *   NameConstraints ::= SEQUENCE { permittedSubtrees [0] GeneralSubtrees OPTIONAL, ... }
 *   GeneralSubtree  ::= SEQUENCE { base GeneralName, ... }   -- minimum 0, maximum absent
 *
 * dNSName is GeneralName [2] (IA5String), iPAddress [7] (OCTET STRING: the
 * address then its mask, 8 octets for IPv4, 32 for IPv6).
 */
export function nameConstraintsDer(permit: {
  readonly dns: readonly string[];
  readonly ip: readonly string[];
}): ArrayBuffer {
  const subtrees = [
    ...permit.dns.map((name) => tlv(0x82, Buffer.from(name, 'ascii'))),
    ...permit.ip.map((cidr) => tlv(0x87, ipAndMask(cidr))),
  ].map((base) => tlv(0x30, base));
  const der = tlv(0x30, tlv(0xa0, Buffer.concat(subtrees)));
  return der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength) as ArrayBuffer;
}

function tlv(tag: number, value: Uint8Array): Buffer {
  const n = value.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), value]);
}

function ipAndMask(cidr: string): Buffer {
  const [address = '', bitsText] = cidr.split('/');
  const v4 = isIPv4(address);
  const size = v4 ? 4 : 16;
  const bits = bitsText === undefined ? size * 8 : Number(bitsText);
  const mask = Buffer.alloc(size);
  for (let i = 0; i < bits; i++) mask[i >> 3]! |= 0x80 >> (i & 7);
  return Buffer.concat([v4 ? Buffer.from(address.split('.').map(Number)) : ipv6Bytes(address), mask]);
}

function ipv6Bytes(address: string): Buffer {
  const [head = '', tail = ''] = address.split('::');
  const groups = (s: string) => (s === '' ? [] : s.split(':').map((g) => Number.parseInt(g, 16)));
  const h = groups(head);
  const t = address.includes('::') ? groups(tail) : [];
  const all = [...h, ...Array(8 - h.length - t.length).fill(0), ...t];
  const out = Buffer.alloc(16);
  for (const [i, g] of all.entries()) out.writeUInt16BE(g, i * 2);
  return out;
}
