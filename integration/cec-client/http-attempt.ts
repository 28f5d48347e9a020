import type { Dispatcher } from 'undici';

/** One HTTP exchange with the CEC, reduced to what the retry rules need. */
export type Attempt =
  | { kind: 'response'; status: number; headers: Headers; body: string }
  | { kind: 'network'; cause: string }
  | { kind: 'timeout' };

export interface AttemptOptions {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** undici dispatcher carrying the trust store (an Agent with `connect.ca`). */
  dispatcher?: Dispatcher;
}

/**
 * Send one request with a deadline covering the whole exchange, body included.
 * Uses the global fetch (Node's undici) so that msw can intercept it in tests;
 * the `dispatcher` option is undici's extension for a custom trust store.
 */
export async function attempt(url: string, o: AttemptOptions): Promise<Attempt> {
  const signal = AbortSignal.timeout(o.timeoutMs);
  try {
    const init = { method: o.method, headers: o.headers, body: o.body, signal, dispatcher: o.dispatcher };
    const res = await fetch(url, init as RequestInit);
    const body = await res.text();
    return { kind: 'response', status: res.status, headers: res.headers, body };
  } catch (err) {
    if (signal.aborted) return { kind: 'timeout' };
    return { kind: 'network', cause: networkCause(err) };
  }
}

/** "ECONNREFUSED", "CERT_HAS_EXPIRED", ...: the code of the deepest cause, else its message. */
function networkCause(err: unknown): string {
  let e: unknown = err;
  while (e instanceof Error && e.cause instanceof Error) e = e.cause;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return e instanceof Error ? e.message : String(e);
}

/** How an attempt reads in a log line or an error (never with the body: it may carry a token). */
export function describeAttempt(a: Attempt): string {
  if (a.kind === 'response') return `HTTP ${a.status}`;
  if (a.kind === 'timeout') return 'timeout';
  return `network error ${a.cause}`;
}
