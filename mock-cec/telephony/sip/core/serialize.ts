import type { SipMessage } from './message.ts';

/**
 * SipMessage → bytes. Lines read from the wire go out as they came (`raw`);
 * only lines made or edited here are written anew, as `Name: value`.
 */
export function serialize(msg: SipMessage): Buffer {
  const head = serializeHead(msg);
  // Most messages have no body: one buffer straight from the text, no concatenation.
  if (msg.body.length === 0) return Buffer.from(head, 'utf8');
  const headLength = Buffer.byteLength(head, 'utf8');
  const out = Buffer.allocUnsafe(headLength + msg.body.length);
  out.write(head, 0, 'utf8');
  msg.body.copy(out, headLength);
  return out;
}

/** Start line, headers and the empty line: everything but the body. */
export function serializeHead(msg: SipMessage): string {
  let out = msg.startRaw ?? `${startLine(msg)}\r\n`;
  for (const h of msg.headers) out += h.raw ?? `${h.name}: ${h.value}\r\n`;
  return out + (msg.blankRaw ?? '\r\n');
}

export function startLine(msg: SipMessage): string {
  return msg.kind === 'request'
    ? `${msg.method} ${msg.uri} ${msg.version}`
    : `${msg.version} ${msg.status} ${msg.reason}`;
}

/** The first line without its ending, for the journal. */
export function firstLine(msg: SipMessage): string {
  return msg.startRaw ? msg.startRaw.trimEnd() : startLine(msg);
}
