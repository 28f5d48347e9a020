import type { CSeq } from './cseq.ts';
import { header, headerValues, type SipMessage, type SipRequest, type SipResponse } from './message.ts';
import { type NameAddr, parseNameAddr, tagOf } from './name-addr.ts';
import { type ParseResult, parseError } from './parse-error.ts';
import { plainReadings, type Readings } from './readings.ts';
import { parseVia, type Via } from './via.ts';

export { type CSeq, parseCSeq } from './cseq.ts';

/**
 * The few facts every layer needs from a message, read and checked once. A
 * request missing a mandatory header (RFC 3261 §8.1.1), with a CSeq whose
 * method is not its own (§8.1.1.5), or with an unreadable Via or From/To gets
 * a typed error, and the transport answers 400.
 */
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

/**
 * `maxForwards` is passed in so that the request's facts are this one object:
 * `{ ...facts, maxForwards }` on every request cost more than reading them.
 */
function commonFacts(msg: SipMessage, readings: Readings, maxForwards?: number): ParseResult<RequestFacts> {
  const callId = header(msg, 'call-id');
  if (!callId) return parseError('missing-header', 'Call-ID missing', msg);
  const cseqText = header(msg, 'cseq');
  if (cseqText === undefined) return parseError('missing-header', 'CSeq missing', msg);
  const cseq = readings.cseq(cseqText);
  if (!cseq) return parseError('bad-header-value', `CSeq "${cseqText}"`, msg);
  const fromText = header(msg, 'from');
  const toText = header(msg, 'to');
  if (fromText === undefined) return parseError('missing-header', 'From missing', msg);
  if (toText === undefined) return parseError('missing-header', 'To missing', msg);
  const from = parseNameAddr(fromText);
  // A To with a tag (in a dialog, and in nearly every response) is new each call, as a From is: read
  // plainly, so that it does not fill the memo the repeating ones (a REGISTER's, an INVITE's) hit.
  const to = toText.includes('tag=') ? parseNameAddr(toText) : readings.nameAddr(toText);
  if (!from) return parseError('bad-header-value', 'From unreadable', msg);
  if (!to) return parseError('bad-header-value', 'To unreadable', msg);
  const vias = headerValues(msg, 'via');
  if (vias.length === 0) return parseError('missing-header', 'Via missing', msg);
  const via = parseVia(vias[0]!, readings);
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

/** `readings`: a proxy's own remembered readings (readings.ts); plain ones read each text anew. */
export function requestFacts(req: SipRequest, readings: Readings = plainReadings): ParseResult<RequestFacts> {
  // RFC 4475 §3.1.2.7: a Request-URI in angle brackets is a 400.
  if (!ABSOLUTE_URI.test(req.uri)) return parseError('bad-request-uri', `Request-URI "${req.uri}"`, req);
  if (/^sips?:/i.test(req.uri) && !readings.uri(req.uri)) {
    return parseError('bad-request-uri', `Request-URI "${req.uri}"`, req);
  }
  const mf = header(req, 'max-forwards');
  const mfOk = mf === undefined || /^\d{1,9}$/.test(mf);
  const common = commonFacts(req, readings, mf !== undefined && mfOk ? Math.min(Number(mf), 255) : undefined);
  if (!common.ok) return common;
  const facts = common.message;
  if (facts.cseq.method !== req.method) {
    return parseError('bad-header-value', `CSeq method ${facts.cseq.method} is not ${req.method}`, req);
  }
  if (!mfOk) return parseError('bad-header-value', `Max-Forwards "${mf}"`, req);
  return common;
}

export function responseFacts(
  res: SipResponse,
  readings: Readings = plainReadings,
): ParseResult<MessageFacts> {
  return commonFacts(res, readings);
}
