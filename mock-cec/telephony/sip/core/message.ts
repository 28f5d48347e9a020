import { canonicalName, headerKey, listHeaders } from './header-names.ts';
import { firstListValue, splitList } from './split-values.ts';

/**
 * The SIP message model (RFC 3261 §7). Messages are immutable values: an edit
 * returns a new message that shares the untouched header lines. Each parsed
 * line keeps its exact bytes (`raw`), so a message forwarded with one header
 * changed goes out byte for byte as it came in, save that header. That is why
 * this is our own code: sip.js's parser returns the original text from
 * `toString()` (edits are lost), does not split comma-joined Via values and
 * has no Authorization rule (NOTES-platform.md, "sip.js in the browser").
 */

export interface SipHeader {
  /** Lowercase long name: "via", "call-id" (compact forms expanded). */
  readonly key: string;
  /** The name as written: "v", "VIA", "Via". */
  readonly name: string;
  /** The value with folding undone (continuation lines joined by one space), trimmed. */
  readonly value: string;
  /** The exact text of the line(s), line endings included; absent on headers made or edited here. */
  readonly raw?: string;
}

interface Base {
  readonly version: string;
  readonly headers: readonly SipHeader[];
  readonly body: Buffer;
  /** The exact start line as received, line ending included; absent once it was changed. */
  readonly startRaw?: string;
  /** The exact empty line that ended the headers ("\r\n"), when parsed. */
  readonly blankRaw?: string;
}

export interface SipRequest extends Base {
  readonly kind: 'request';
  readonly method: string;
  readonly uri: string;
}

export interface SipResponse extends Base {
  readonly kind: 'response';
  readonly status: number;
  readonly reason: string;
}

export type SipMessage = SipRequest | SipResponse;

/** A header line we write ourselves. */
export function makeHeader(key: string, value: string): SipHeader {
  const k = headerKey(key);
  return { key: k, name: canonicalName(k), value };
}

/** The first value of a header (the first line; list headers: the first element). */
export function header(msg: SipMessage, key: string): string | undefined {
  for (const h of msg.headers) {
    if (h.key !== key) continue;
    return listHeaders.has(key) ? firstListValue(h.value) : h.value;
  }
  return undefined;
}

/** Every value of a header, over all its lines; list headers split at their top-level commas. */
export function headerValues(msg: SipMessage, key: string): string[] {
  const out: string[] = [];
  const isList = listHeaders.has(key);
  for (const h of msg.headers) {
    if (h.key !== key) continue;
    if (!isList) out.push(h.value);
    else if (h.value.includes(',')) for (const v of splitList(h.value)) out.push(v);
    else {
      // One value on the line (the usual case): no array to split into.
      const v = h.value.trim();
      if (v !== '') out.push(v);
    }
  }
  return out;
}

export function hasHeader(msg: SipMessage, key: string): boolean {
  return msg.headers.some((h) => h.key === key);
}

/**
 * `msg` with other headers: `{ ...msg, headers }` written out field by field. A proxy edits each
 * message it forwards several times, and a spread of messages of varied shapes (parsed, made,
 * edited) is V8's generic object copy each time; a literal of one shape per kind is a plain
 * allocation (proven against the spread in message.test.ts).
 */
export function withHeaders<M extends SipMessage>(msg: M, headers: readonly SipHeader[]): M {
  return rebuilt(msg, headers, msg.kind === 'request' ? msg.uri : '', msg.startRaw) as M;
}

/** A copy of `msg` with `headers`, its Request-URI `uri` (requests) and start line `startRaw`. */
function rebuilt(
  msg: SipMessage,
  headers: readonly SipHeader[],
  uri: string,
  startRaw: string | undefined,
): SipMessage {
  return msg.kind === 'request'
    ? {
        kind: 'request',
        method: msg.method,
        uri,
        version: msg.version,
        headers,
        body: msg.body,
        startRaw,
        blankRaw: msg.blankRaw,
      }
    : {
        kind: 'response',
        status: msg.status,
        reason: msg.reason,
        version: msg.version,
        headers,
        body: msg.body,
        startRaw,
        blankRaw: msg.blankRaw,
      };
}

/** Replace every line of `key` by one line with `value` (at the place of the first), or append it. */
export function setHeader<M extends SipMessage>(msg: M, key: string, value: string): M {
  const made = makeHeader(key, value);
  const out: SipHeader[] = [];
  let placed = false;
  for (const h of msg.headers) {
    if (h.key !== made.key) out.push(h);
    else if (!placed) {
      out.push(made);
      placed = true;
    }
  }
  if (!placed) out.push(made);
  return withHeaders(msg, out);
}

export function removeHeader<M extends SipMessage>(msg: M, key: string): M {
  return withHeaders(
    msg,
    msg.headers.filter((h) => h.key !== key),
  );
}

/**
 * Put a value on top of a list header (Via, Record-Route, Route): a new line
 * before the first line of that header; without one, after the Via lines (or
 * first of all for Via itself), where a reader looks for it.
 */
export function prependHeader<M extends SipMessage>(msg: M, key: string, value: string): M {
  const made = makeHeader(key, value);
  let at = msg.headers.findIndex((h) => h.key === made.key);
  if (at < 0) {
    at = 0;
    if (made.key !== 'via') {
      for (let i = 0; i < msg.headers.length; i++) if (msg.headers[i]!.key === 'via') at = i + 1;
    }
  }
  const headers: SipHeader[] = msg.headers.slice(0, at);
  headers.push(made);
  for (let i = at; i < msg.headers.length; i++) headers.push(msg.headers[i]!);
  return withHeaders(msg, headers);
}

export function appendHeader<M extends SipMessage>(msg: M, key: string, value: string): M {
  return withHeaders(msg, [...msg.headers, makeHeader(key, value)]);
}

/**
 * Remove the first value of a list header (our own Via on a response, our own
 * Route on a request). When that line holds several comma-joined values, only
 * that line is rewritten with the rest; every other line keeps its bytes.
 */
export function removeFirstValue<M extends SipMessage>(msg: M, key: string): M {
  const at = msg.headers.findIndex((h) => h.key === key);
  if (at < 0) return msg;
  const line = msg.headers[at]!;
  // One value on the line (nearly always: each proxy writes its own Via line): nothing to split.
  const rest = line.value.includes(',') ? splitList(line.value).slice(1) : [];
  const headers = [...msg.headers];
  if (rest.length === 0) headers.splice(at, 1);
  else headers[at] = { key: line.key, name: line.name, value: rest.join(', ') };
  return withHeaders(msg, headers);
}

/** Replace the first value of a list header (e.g. add `received` to the top Via), keeping the rest of its line. */
export function replaceFirstValue<M extends SipMessage>(msg: M, key: string, value: string): M {
  const at = msg.headers.findIndex((h) => h.key === key);
  if (at < 0) return msg;
  const line = msg.headers[at]!;
  const values = splitList(line.value);
  values[0] = value;
  const headers = [...msg.headers];
  headers[at] = { key: line.key, name: line.name, value: values.join(', ') };
  return withHeaders(msg, headers);
}

export function withUri(req: SipRequest, uri: string): SipRequest {
  return rebuilt(req, req.headers, uri, undefined) as SipRequest;
}

/** A new body; Content-Length and Content-Type follow it. */
export function withBody<M extends SipMessage>(msg: M, body: Buffer | string, contentType?: string): M {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  let out: M = { ...msg, body: bytes };
  if (contentType !== undefined) out = setHeader(out, 'content-type', contentType);
  return setHeader(out, 'content-length', String(bytes.length));
}
