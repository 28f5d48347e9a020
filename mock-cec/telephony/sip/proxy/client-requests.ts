import { createRequest } from '../core/build-message.ts';
import { header, headerValues, type SipRequest, type SipResponse } from '../core/message.ts';
import { parseCSeq } from '../core/message-facts.ts';

/**
 * Requests a client transaction makes of itself: the CANCEL of a pending
 * INVITE (RFC 3261 §9.1) and the ACK of a non-2xx final response (§17.1.1.3).
 * Both copy the INVITE's Request-URI, top Via, Call-ID, From, CSeq number and
 * Route, so the next hop matches them to the INVITE's transaction.
 */
function sameTransaction(invite: SipRequest, method: string, to: string): SipRequest {
  const seq = parseCSeq(header(invite, 'cseq'))?.seq ?? 1;
  return createRequest({
    method,
    uri: invite.uri,
    headers: [
      ['Via', headerValues(invite, 'via')[0] ?? ''],
      ...headerValues(invite, 'route').map((r) => ['Route', r] as [string, string]),
      ['Max-Forwards', '70'],
      ['From', header(invite, 'from') ?? ''],
      ['To', to],
      ['Call-ID', header(invite, 'call-id') ?? ''],
      ['CSeq', `${seq} ${method}`],
    ],
  });
}

export function cancelFor(invite: SipRequest): SipRequest {
  return sameTransaction(invite, 'CANCEL', header(invite, 'to') ?? '');
}

/** The To of the ACK is the response's, with its tag. */
export function ackFor(invite: SipRequest, response: SipResponse): SipRequest {
  return sameTransaction(invite, 'ACK', header(response, 'to') ?? header(invite, 'to') ?? '');
}
