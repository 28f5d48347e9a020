/**
 * What can go wrong talking to the CEC, as values (docs/vendor/authentication.md, docs/vendor/cc-management.md document
 * plain HTTP statuses only). Every variant carries enough to act on and nothing
 * secret: the app key may appear, the app secret and access tokens never do.
 */
export type CecApi = 'TokenByAkSk' | 'QueryAgentInfo' | 'QueryCallInfoByCallId';

export type CecFailure =
  /** TokenByAkSk said 401: the app key or secret is wrong. Retrying cannot help. */
  | { kind: 'bad-credentials'; api: 'TokenByAkSk'; appKey: string }
  /** 403: the CEC's IP allow-list (or the service) refuses this client. */
  | { kind: 'forbidden'; api: CecApi; detail?: string }
  /** QueryAgentInfo said 401 even with a fresh token (service not purchased, app not allowed). */
  | { kind: 'unauthorized'; api: CecApi; detail?: string }
  /** Another 4xx: the request itself is wrong; retrying cannot help. */
  | { kind: 'rejected'; api: CecApi; status: number; detail?: string }
  /** 5xx, 429, network errors or timeouts, still failing after every retry. */
  | { kind: 'unavailable'; api: CecApi; attempts: number; last: string }
  /** A 200 whose body is not what the vendor documents. */
  | { kind: 'bad-response'; api: CecApi; detail: string };

export type CecResult<T> = { ok: true; value: T } | { ok: false; failure: CecFailure };

export const ok = <T>(value: T): CecResult<T> => ({ ok: true, value });
export const fail = <T>(failure: CecFailure): CecResult<T> => ({ ok: false, failure });

/** One line for a log or a terminal, saying what to do next where there is something to do. */
export function describeFailure(f: CecFailure): string {
  switch (f.kind) {
    case 'bad-credentials':
      return `TokenByAkSk refused app key "${f.appKey}": check cec.appKey and the app secret (HTTP 401)`;
    case 'forbidden':
      return `${f.api} refused this client (HTTP 403${f.detail ? `: ${f.detail}` : ''}); is its address on the CEC's allow-list?`;
    case 'unauthorized':
      return `${f.api} refused a fresh access token (HTTP 401${f.detail ? `: ${f.detail}` : ''}); is the app allowed to call it?`;
    case 'rejected':
      return `${f.api} rejected the request (HTTP ${f.status}${f.detail ? `: ${f.detail}` : ''})`;
    case 'unavailable':
      return `${f.api} is unavailable after ${f.attempts} attempt${f.attempts === 1 ? '' : 's'} (last: ${f.last}); is cec.baseUrl right and the CEC up?`;
    case 'bad-response':
      return `${f.api} answered something the vendor does not document: ${f.detail}`;
  }
}
