import { makeHeader, type SipHeader, type SipRequest, type SipResponse } from './message.ts';

/**
 * Making messages: responses to a request (RFC 3261 §8.2.6.2) and requests of
 * our own UA. Responses copy Via, From, Call-ID and CSeq lines exactly as
 * they came, so a client that compares its own Via byte for byte (SIP.js does)
 * recognises it.
 */

/** RFC 3261 §21 reason phrases for the statuses the simulator sends. */
export const reasonPhrases: Readonly<Record<number, string>> = {
  100: 'Trying',
  180: 'Ringing',
  183: 'Session Progress',
  200: 'OK',
  202: 'Accepted',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  416: 'Unsupported URI Scheme',
  420: 'Bad Extension',
  423: 'Interval Too Brief',
  480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist',
  482: 'Loop Detected',
  483: 'Too Many Hops',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  500: 'Server Internal Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  504: 'Server Time-out',
  505: 'Version Not Supported',
  513: 'Message Too Large',
  600: 'Busy Everywhere',
  603: 'Decline',
};

export interface ResponseOptions {
  reason?: string;
  /** Added to the To header when it has no tag (every response but 100, §8.2.6.2). */
  toTag?: string;
  /** Extra headers as [name, value] pairs, in order. */
  headers?: readonly (readonly [string, string])[];
  body?: string;
  contentType?: string;
}

const COPIED = new Set(['via', 'from', 'call-id', 'cseq']);
/** Shared by every response without a body (an empty Buffer cannot be written to), and its header. */
const NO_BODY = Buffer.alloc(0);
const CONTENT_LENGTH_0 = makeHeader('content-length', '0');

/** `toTag` (default `options.toTag`): a separate argument spares the caller a copy of its options. */
export function createResponse(
  req: SipRequest,
  status: number,
  options: ResponseOptions = {},
  toTag = options.toTag,
): SipResponse {
  const headers: SipHeader[] = [];
  for (const h of req.headers) {
    if (COPIED.has(h.key)) headers.push(h);
    else if (h.key === 'to') {
      const needsTag = status > 100 && toTag !== undefined && !/;\s*tag=/i.test(h.value);
      headers.push(needsTag ? makeHeader('to', `${h.value};tag=${toTag}`) : h);
    }
  }
  for (const [name, value] of options.headers ?? []) headers.push(makeHeader(name, value));
  const body = options.body ? Buffer.from(options.body, 'utf8') : NO_BODY;
  if (body.length > 0 && options.contentType) headers.push(makeHeader('content-type', options.contentType));
  headers.push(body.length === 0 ? CONTENT_LENGTH_0 : makeHeader('content-length', String(body.length)));
  return {
    kind: 'response',
    version: 'SIP/2.0',
    status,
    reason: options.reason ?? reasonPhrases[status] ?? 'Unknown',
    headers,
    body,
  };
}

export interface RequestSpec {
  method: string;
  uri: string;
  /** Headers in order as [name, value]; Content-Length is added. */
  headers: readonly (readonly [string, string])[];
  body?: string;
  contentType?: string;
}

export function createRequest(spec: RequestSpec): SipRequest {
  const headers = spec.headers.map(([n, v]) => makeHeader(n, v));
  const body = Buffer.from(spec.body ?? '', 'utf8');
  if (body.length > 0 && spec.contentType) headers.push(makeHeader('content-type', spec.contentType));
  headers.push(makeHeader('content-length', String(body.length)));
  return { kind: 'request', version: 'SIP/2.0', method: spec.method, uri: spec.uri, headers, body };
}
