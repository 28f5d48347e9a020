import type { SipMessage } from './message.ts';

/**
 * What can be wrong with bytes that claim to be a SIP message. Malformed input
 * is expected on a network: it is a value, never an exception.
 */
export type ParseErrorCode =
  | 'empty'
  | 'too-large'
  | 'bad-encoding'
  | 'incomplete'
  | 'bad-start-line'
  | 'bad-request-uri'
  | 'bad-version'
  | 'bad-header-line'
  | 'bad-content-length'
  | 'body-too-short'
  | 'missing-header'
  | 'bad-header-value';

export interface ParseError {
  readonly code: ParseErrorCode;
  /** One line for the journal and for the reason phrase of a 400. */
  readonly detail: string;
  /**
   * What could be read despite the error, when the start line and header lines
   * were readable: enough to answer 400 (or 505) to a request.
   */
  readonly partial?: SipMessage;
}

export type ParseResult<T = SipMessage> =
  | { readonly ok: true; readonly message: T }
  | { readonly ok: false; readonly error: ParseError };

export function parseError(code: ParseErrorCode, detail: string, partial?: SipMessage): ParseResult<never> {
  return { ok: false, error: partial ? { code, detail, partial } : { code, detail } };
}
