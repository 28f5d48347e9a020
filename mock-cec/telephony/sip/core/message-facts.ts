import { header, headerValues, type SipMessage, type SipRequest, type SipResponse } from './message.ts';
import { type NameAddr, parseNameAddr, tagOf } from './name-addr.ts';
import { type ParseResult, parseError } from './parse-error.ts';
import { parseUri } from './uri.ts';
import { parseVia, type Via } from './via.ts';

/**
 * The few facts every layer needs from a message, read and checked once. A
 * request missing a mandatory header (RFC 3261 §8.1.1), with a CSeq whose
 * method is not its own (§8.1.1.5), or with an unreadable Via or From/To gets
 * a typed error, and the transport answers 400.
 */
export interface CSeq {
  readonly seq: number;
  readonly method: string;
}

export interface MessageFacts {
  readonly callId: string;
  readonly cseq: CSeq;
  readonly from: NameAddr;
  readonly to: NameAddr;
  readonly fromTag?: string;
  readonly toTag?: string;
  /** The topmost Via. */
  readonly via: Via;
  readonly viaCount: number;
}

export interface RequestFacts extends MessageFacts {
  /** Absent when the header is; a proxy then assumes 70 (RFC 3261 §16.6 step 3). */
  readonly maxForwards?: number;
}

export function parseCSeq(value: string | undefined): CSeq | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d{1,10})\s+([A-Za-z0-9\-.!%*_+`'~]+)$/.exec(value);
  if (!m) return undefined;
  const seq = Number(m[1]);
  // RFC 3261 §8.1.1.5: the sequence number is below 2**31.
  return seq < 2 ** 31 ? { seq, method: m[2]! } : undefined;
}

/**
 * `maxForwards` is passed in so that the request's facts are this one object:
 * `{ ...facts, maxForwards }` on every request cost more than reading them.
 */
function commonFacts(msg: SipMessage, maxForwards?: number): ParseResult<RequestFacts> {
  const callId = header(msg, 'call-id');
  if (!callId) return parseError('missing-header', 'Call-ID missing', msg);
  const cseqText = header(msg, 'cseq');
  if (cseqText === undefined) return parseError('missing-header', 'CSeq missing', msg);
  const cseq = parseCSeq(cseqText);
  if (!cseq) return parseError('bad-header-value', `CSeq "${cseqText}"`, msg);
  const fromText = header(msg, 'from');
  const toText = header(msg, 'to');
  if (fromText === undefined) return parseError('missing-header', 'From missing', msg);
  if (toText === undefined) return parseError('missing-header', 'To missing', msg);
  const from = parseNameAddr(fromText);
  const to = parseNameAddr(toText);
  if (!from) return parseError('bad-header-value', 'From unreadable', msg);
  if (!to) return parseError('bad-header-value', 'To unreadable', msg);
  const vias = headerValues(msg, 'via');
  if (vias.length === 0) return parseError('missing-header', 'Via missing', msg);
  const via = parseVia(vias[0]!);
  if (!via) return parseError('bad-header-value', 'top Via unreadable', msg);
  return {
    ok: true,
    message: {
      callId,
      cseq,
      from,
      to,
      fromTag: tagOf(from),
      toTag: tagOf(to),
      via,
      viaCount: vias.length,
      maxForwards,
    },
  };
}

/** RFC 3261 §25.1 absoluteURI: a scheme, a colon, no whitespace. */
const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"]+$/;

export function requestFacts(req: SipRequest): ParseResult<RequestFacts> {
  // RFC 4475 §3.1.2.7: a Request-URI in angle brackets is a 400.
  if (!ABSOLUTE_URI.test(req.uri)) return parseError('bad-request-uri', `Request-URI "${req.uri}"`, req);
  if (/^sips?:/i.test(req.uri) && !parseUri(req.uri)) {
    return parseError('bad-request-uri', `Request-URI "${req.uri}"`, req);
  }
  const mf = header(req, 'max-forwards');
  const mfOk = mf === undefined || /^\d{1,9}$/.test(mf);
  const common = commonFacts(req, mf !== undefined && mfOk ? Math.min(Number(mf), 255) : undefined);
  if (!common.ok) return common;
  const facts = common.message;
  if (facts.cseq.method !== req.method) {
    return parseError('bad-header-value', `CSeq method ${facts.cseq.method} is not ${req.method}`, req);
  }
  if (!mfOk) return parseError('bad-header-value', `Max-Forwards "${mf}"`, req);
  return common;
}

export function responseFacts(res: SipResponse): ParseResult<MessageFacts> {
  return commonFacts(res);
}
