import { isUtf8 } from 'node:buffer';
import { headerKey } from './header-names.ts';
import type { SipHeader, SipMessage } from './message.ts';
import { type ParseResult, parseError } from './parse-error.ts';

/**
 * Bytes → SipMessage (RFC 3261 §7). Tolerant where the RFC asks for tolerance
 * (CRLFs before the start line, §7.5; any case and compact header names,
 * §7.3.1/7.3.3; folded lines, §7.3.1; whitespace before the colon, §25.1), and
 * strict where a proxy must not guess (start line shape, version, header name
 * characters, Content-Length, UTF-8). Never throws: bad input is a ParseError.
 */

export interface ParseOptions {
  /** Refuse bigger messages (default 64 KiB: the largest UDP datagram). */
  maxBytes?: number;
}

/** RFC 3261 §25.1 token characters: header names and methods. */
const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
const VERSION = /^SIP\/2\.0$/i;
const ANY_VERSION = /^SIP\/\d+\.\d+$/i;

export function parseMessage(data: Buffer | string, options: ParseOptions = {}): ParseResult {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const maxBytes = options.maxBytes ?? 65_535;
  if (buf.length > maxBytes) return parseError('too-large', `message of ${buf.length} bytes`);

  // RFC 3261 §7.5: ignore CRLFs before the start line.
  let start = 0;
  while (start < buf.length && (buf[start] === 0x0d || buf[start] === 0x0a)) start++;
  if (start === buf.length) return parseError('empty', 'no message');

  const blank = findBlankLine(buf, start);
  if (!blank) return parseError('incomplete', 'no empty line after the headers');
  const headBytes = buf.subarray(start, blank.headEnd);
  if (!isUtf8(headBytes)) return parseError('bad-encoding', 'headers are not UTF-8');
  const head = headBytes.toString('utf8');

  const lines = splitLines(head);
  const startLine = lines[0]!;
  const first = parseStartLine(startLine.text);
  if ('error' in first)
    return parseError(first.error === 'version' ? 'bad-version' : 'bad-start-line', first.detail);

  const headers: SipHeader[] = [];
  let lineError: string | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const c = line.text.charCodeAt(0);
    if (c === 0x20 || c === 0x09) {
      // RFC 3261 §7.3.1: a line starting with whitespace continues the previous header.
      const prev = headers.pop();
      if (!prev) {
        lineError ??= 'a continuation line before any header';
        continue;
      }
      headers.push({ ...prev, value: `${prev.value} ${line.text.trim()}`.trim(), raw: prev.raw + line.raw });
      continue;
    }
    const colon = line.text.indexOf(':');
    const name = colon < 0 ? '' : line.text.slice(0, colon).trimEnd();
    if (!TOKEN.test(name)) {
      lineError ??=
        colon < 0 ? `header line without a colon: ${clip(line.text)}` : `bad header name: ${clip(name)}`;
      continue;
    }
    headers.push({ key: headerKey(name), name, value: line.text.slice(colon + 1).trim(), raw: line.raw });
  }

  const bodyStart = blank.bodyStart;
  const base = {
    version: first.version,
    headers,
    body: buf.subarray(bodyStart),
    startRaw: startLine.raw,
    blankRaw: blank.blankRaw,
  };
  const message: SipMessage =
    first.kind === 'request'
      ? { kind: 'request', method: first.method, uri: first.uri, ...base }
      : { kind: 'response', status: first.status, reason: first.reason, ...base };

  if (first.kind === 'request' && first.shapeError)
    return parseError('bad-start-line', first.shapeError, message);
  if (first.badVersion) return parseError('bad-version', `unsupported version ${first.version}`, message);
  if (lineError) return parseError('bad-header-line', lineError, message);

  // RFC 3261 §18.3 / §20.14: Content-Length frames the body; extra bytes of a datagram are dropped.
  let length: number | undefined;
  for (const h of headers) {
    if (h.key !== 'content-length') continue;
    if (!/^\d{1,9}$/.test(h.value))
      return parseError('bad-content-length', `Content-Length ${clip(h.value)}`, message);
    const n = Number(h.value);
    if (length !== undefined && length !== n)
      return parseError('bad-content-length', 'two different Content-Lengths', message);
    length = n;
  }
  const available = buf.length - bodyStart;
  if (length !== undefined && available < length) {
    return parseError('body-too-short', `Content-Length ${length} but ${available} bytes of body`, message);
  }
  if (length !== undefined && available > length)
    return { ok: true, message: { ...message, body: buf.subarray(bodyStart, bodyStart + length) } };
  return { ok: true, message };
}

interface Line {
  text: string;
  raw: string;
}

/** Lines with their endings kept in `raw` (CRLF, or a bare LF some senders use). */
function splitLines(head: string): Line[] {
  const lines: Line[] = [];
  let pos = 0;
  while (pos < head.length) {
    const lf = head.indexOf('\n', pos);
    const end = lf < 0 ? head.length : lf + 1;
    const raw = head.slice(pos, end);
    const textEnd = lf < 0 ? end : lf > pos && head.charCodeAt(lf - 1) === 0x0d ? lf - 1 : lf;
    lines.push({ text: head.slice(pos, textEnd), raw });
    pos = end;
  }
  return lines;
}

/** The end of the header lines (after the last line's ending) and the start of the body. */
function findBlankLine(
  buf: Buffer,
  from: number,
): { headEnd: number; bodyStart: number; blankRaw: string } | undefined {
  let pos = from;
  while (pos < buf.length) {
    const lf = buf.indexOf(0x0a, pos);
    if (lf < 0) return undefined;
    // A line ending at `lf`; the next line is empty when it is "\r\n" or "\n".
    const next = lf + 1;
    if (buf[next] === 0x0a) return { headEnd: next, bodyStart: next + 1, blankRaw: '\n' };
    if (buf[next] === 0x0d && buf[next + 1] === 0x0a)
      return { headEnd: next, bodyStart: next + 2, blankRaw: '\r\n' };
    pos = next;
  }
  return undefined;
}

type StartLine =
  | {
      kind: 'request';
      method: string;
      uri: string;
      version: string;
      badVersion: boolean;
      /** A request line that is wrong inside but still names a method: enough to answer 400. */
      shapeError?: string;
    }
  | { kind: 'response'; status: number; reason: string; version: string; badVersion: boolean }
  | { error: 'shape' | 'version'; detail: string };

/** RFC 3261 §7.1 Request-Line (single spaces, §25.1) and §7.2 Status-Line. */
function parseStartLine(text: string): StartLine {
  if (/^SIP\//i.test(text)) {
    const m = /^(SIP\/\d+\.\d+) ([1-6]\d\d)(?: (.*))?$/i.exec(text);
    if (!m) return { error: 'shape', detail: `bad status line: ${clip(text)}` };
    if (!VERSION.test(m[1]!)) return { error: 'version', detail: `unsupported version ${m[1]}` };
    return { kind: 'response', status: Number(m[2]), reason: m[3] ?? '', version: m[1]!, badVersion: false };
  }
  const parts = text.split(' ');
  if (parts.length !== 3 || !TOKEN.test(parts[0]!) || parts[1] === '' || /[\s\0]/.test(parts[1]!)) {
    // RFC 4475 §3.1.2.8/3.1.2.10: spaces in the Request-URI still deserve a 400, so keep what can be read.
    const answerable = parts.length > 3 && TOKEN.test(parts[0]!) && VERSION.test(parts[parts.length - 1]!);
    const detail = `bad request line: ${clip(text)}`;
    if (!answerable) return { error: 'shape', detail };
    const [method, ...rest] = parts;
    const version = rest.pop()!;
    return {
      kind: 'request',
      method: method!,
      uri: rest.join(' '),
      version,
      badVersion: false,
      shapeError: detail,
    };
  }
  const version = parts[2]!;
  if (!ANY_VERSION.test(version)) return { error: 'shape', detail: `bad request line: ${clip(text)}` };
  return { kind: 'request', method: parts[0]!, uri: parts[1]!, version, badVersion: !VERSION.test(version) };
}

function clip(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);
}
