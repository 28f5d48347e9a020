import { isAscii, isUtf8 } from 'node:buffer';
import { detach } from './detach.ts';
import { commonNameAt, lastingHeaders, lastingInRegister, wireHeaderKey } from './header-names.ts';
import type { SipHeader, SipMessage } from './message.ts';
import { type ParseResult, parseError } from './parse-error.ts';
import { isTrimmed } from './split-values.ts';

/**
 * Bytes → SipMessage (RFC 3261 §7). Tolerant where the RFC asks for tolerance
 * (CRLFs before the start line, §7.5; any case and compact header names,
 * §7.3.1/7.3.3; folded lines, §7.3.1; whitespace before the colon, §25.1), and
 * strict where a proxy must not guess (start line shape, version, header name
 * characters, Content-Length, UTF-8). Never throws: bad input is a ParseError.
 *
 * Header values are slices of the head's text, except those of the headers
 * that outlive their message (`lastingHeaders`; of a REGISTER,
 * `lastingInRegister`), which are copies: the one place where what is kept is
 * cut loose from the message (detach.ts).
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

  // The empty line: first after CRLF line ends (nearly every message); a bare-LF one earlier is looked for in the text.
  const crlf = buf.indexOf(LF_CRLF, start);
  let headEnd = crlf < 0 ? findBlankLine(buf, start) : crlf + 1;
  if (headEnd < 0) return parseError('incomplete', 'no empty line after the headers');
  let head = headText(buf, start, headEnd);
  if (head !== undefined) {
    const read = readHead(buf, head, headEnd);
    if (read) return read;
  }
  // An empty bare-LF line came before the CRLF one (what follows it is body, and may be any bytes).
  headEnd = findBlankLine(buf, start);
  head = headText(buf, start, headEnd);
  if (head === undefined) return parseError('bad-encoding', 'headers are not UTF-8');
  return readHead(buf, head, headEnd) ?? parseError('incomplete', 'no empty line after the headers');
}

/**
 * The message whose head (start line and headers, as text) ends at `headEnd`
 * in `buf`; undefined when the head holds an empty line, that is, when the
 * headers ended before.
 */
function readHead(buf: Buffer, head: string, headEnd: number): ParseResult | undefined {
  const bodyStart = buf[headEnd] === 0x0a ? headEnd + 1 : headEnd + 2;

  // One pass over the lines, slicing the head string in place: no array of lines, one slice per part kept.
  let lf = head.indexOf('\n');
  let pos = lf < 0 ? head.length : lf + 1;
  const startRaw = head.slice(0, pos);
  const first = parseStartLine(head.slice(0, lineTextEnd(head, 0, lf)));
  if ('error' in first)
    return parseError(first.error === 'version' ? 'bad-version' : 'bad-start-line', first.detail);

  const register = first.kind === 'request' && first.method === 'REGISTER';
  const lastingKeys = register ? lastingInRegister : lastingHeaders;
  const headers: SipHeader[] = [];
  let lineError: string | undefined;
  while (pos < head.length) {
    lf = head.indexOf('\n', pos);
    if (lf === pos) return undefined;
    const end = lf < 0 ? head.length : lf + 1;
    const textEnd = lineTextEnd(head, pos, lf);
    const c = head.charCodeAt(pos);
    if (c === 0x20 || c === 0x09) {
      // RFC 3261 §7.3.1: a line starting with whitespace continues the previous header.
      const prev = headers.pop();
      if (!prev) lineError ??= 'a continuation line before any header';
      else {
        const more = head.slice(pos, textEnd).trim();
        const value = `${prev.value} ${more}`.trim();
        headers.push({
          ...prev,
          value: lastingKeys.has(prev.key) ? detach(value) : value,
          raw: prev.raw + head.slice(pos, end),
        });
      }
      pos = end;
      continue;
    }
    const colon = head.indexOf(':', pos);
    const common = colon < 0 || colon >= textEnd ? undefined : commonNameAt(head, pos, colon);
    const name = common ? common.name : colon < 0 || colon >= textEnd ? '' : head.slice(pos, colon).trimEnd();
    const key = common ? common.key : name === '' ? undefined : wireHeaderKey(name);
    if (key === undefined) {
      lineError ??=
        name === '' && (colon < 0 || colon >= textEnd)
          ? `header line without a colon: ${clip(head.slice(pos, textEnd))}`
          : `bad header name: ${clip(name)}`;
    } else {
      const value = trimmedSlice(head, colon + 1, textEnd);
      const lasting = common ? (register ? common.lastingInRegister : common.lasting) : lastingKeys.has(key);
      headers.push({ key, name, value: lasting ? detach(value) : value, raw: head.slice(pos, end) });
    }
    pos = end;
  }

  const version = first.version;
  const body = buf.subarray(bodyStart);
  const blankRaw = bodyStart - headEnd === 1 ? '\n' : '\r\n';
  const message: SipMessage =
    first.kind === 'request'
      ? { kind: 'request', method: first.method, uri: first.uri, version, headers, body, startRaw, blankRaw }
      : {
          kind: 'response',
          status: first.status,
          reason: first.reason,
          version,
          headers,
          body,
          startRaw,
          blankRaw,
        };

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

/** The head as text, undefined when it is not UTF-8. ASCII (nearly always) is read as Latin-1: the same text, for less work. */
function headText(buf: Buffer, start: number, end: number): string | undefined {
  const bytes = buf.subarray(start, end);
  if (isAscii(bytes)) return bytes.toString('latin1');
  return isUtf8(bytes) ? bytes.toString('utf8') : undefined;
}

/** Where the text of the line starting at `pos` ends: before its CRLF or bare LF (at `lf`, -1 for none). */
function lineTextEnd(head: string, pos: number, lf: number): number {
  if (lf < 0) return head.length;
  return lf > pos && head.charCodeAt(lf - 1) === 0x0d ? lf - 1 : lf;
}

/** `head.slice(from, to).trim()`, trimmed by index so that one string is made, and no call to trim(). */
function trimmedSlice(head: string, from: number, to: number): string {
  let a = from;
  let b = to;
  while (a < b && isTrimmed(head.charCodeAt(a))) a++;
  while (b > a && isTrimmed(head.charCodeAt(b - 1))) b--;
  return head.slice(a, b);
}

/**
 * The end of the header lines (just after the last line's LF), where the
 * empty line starts: the first LF followed by LF or CRLF. Two native
 * searches instead of one per line. -1 when there is none yet.
 */
function findBlankLine(buf: Buffer, from: number): number {
  const crlf = buf.indexOf(LF_CRLF, from);
  const lflf = buf.indexOf(LF_LF, from);
  const at = crlf < 0 ? lflf : lflf < 0 ? crlf : Math.min(crlf, lflf);
  return at < 0 ? -1 : at + 1;
}

const LF_CRLF = Buffer.from('\n\r\n');
const LF_LF = Buffer.from('\n\n');

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

/** Methods met every second: a request line with one of them needs no regular expression. */
const COMMON_METHODS: ReadonlySet<string> = new Set([
  'REGISTER',
  'INVITE',
  'ACK',
  'BYE',
  'CANCEL',
  'OPTIONS',
  'NOTIFY',
  'SUBSCRIBE',
  'MESSAGE',
  'INFO',
  'UPDATE',
  'PRACK',
  'REFER',
]);
const WHITESPACE_OR_NUL = /[\s\0]/;

/** RFC 3261 §7.1 Request-Line (single spaces, §25.1) and §7.2 Status-Line. */
function parseStartLine(text: string): StartLine {
  // The usual `METHOD uri SIP/2.0`: what the general rules below would conclude, for less work.
  const sp1 = text.indexOf(' ');
  const sp2 = sp1 > 0 ? text.indexOf(' ', sp1 + 1) : -1;
  if (sp2 > sp1 + 1 && sp2 + 8 === text.length && text.endsWith(' SIP/2.0')) {
    const method = text.slice(0, sp1);
    const uri = text.slice(sp1 + 1, sp2);
    if (COMMON_METHODS.has(method) && !WHITESPACE_OR_NUL.test(uri))
      return { kind: 'request', method, uri, version: 'SIP/2.0', badVersion: false };
  }
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
