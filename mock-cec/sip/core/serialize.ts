import type { SipMessage } from './message.ts';

/**
 * SipMessage → bytes. Lines read from the wire go out as they came (`raw`);
 * only lines made or edited here are written anew, as `Name: value`.
 */
export function serialize(msg: SipMessage): Buffer {
  return Buffer.concat([Buffer.from(serializeHead(msg), 'utf8'), msg.body]);
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
