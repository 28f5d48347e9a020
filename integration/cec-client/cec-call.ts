import type { Dispatcher } from 'undici';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { CecApi, CecFailure } from './cec-failure.ts';
import { type Attempt, attempt, describeAttempt } from './http-attempt.ts';
import { isTransient, type Retried, type RetryDeps, type RetryPolicy, withRetry } from './retry.ts';

/** Everything a CEC call needs besides its own parameters. */
export interface CecConnection {
  /** e.g. https://cec.example.com:8043 (no trailing slash) */
  baseUrl: string;
  appKey: string;
  timeoutMs: number;
  dispatcher?: Dispatcher;
  retry: RetryPolicy;
  retryDeps: RetryDeps;
  clock: Clock;
  logger: Logger;
}

export interface CecRequest {
  api: CecApi;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Strings that must never reach a log line or an error (the app secret, tokens). */
  secrets: readonly string[];
}

/** Send with a deadline per attempt and retries on transient failures, logging each retry. */
export function callCec(c: CecConnection, req: CecRequest, onSend?: () => void): Promise<Retried> {
  const deps: RetryDeps = {
    ...c.retryDeps,
    onRetry: (info) => c.logger.warn('CEC call failed, retrying', { api: req.api, ...info }),
  };
  return withRetry(
    () => {
      onSend?.();
      return attempt(`${c.baseUrl}${req.path}`, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        timeoutMs: c.timeoutMs,
        dispatcher: c.dispatcher,
      });
    },
    c.retry,
    deps,
  );
}

/** The failure a final non-200 outcome stands for (a 401 is each API's own business). */
export function failureOf(api: CecApi, { last, attempts }: Retried, secrets: readonly string[]): CecFailure {
  if (last.kind !== 'response' || isTransient(last)) {
    return { kind: 'unavailable', api, attempts, last: describeAttempt(last) };
  }
  const detail = serverMessage(last, secrets);
  if (last.status === 401) return { kind: 'unauthorized', api, detail };
  if (last.status === 403) return { kind: 'forbidden', api, detail };
  return { kind: 'rejected', api, status: last.status, detail };
}

/**
 * The server's own words, when its error body has some (`error_msg`, `message`):
 * short, one line, and with any secret blanked in case a server echoes one.
 */
export function serverMessage(a: Attempt, secrets: readonly string[]): string | undefined {
  if (a.kind !== 'response') return undefined;
  let text: unknown;
  try {
    const json = JSON.parse(a.body) as Record<string, unknown>;
    text = json.error_msg ?? json.message ?? json.errorMessage;
  } catch {
    return undefined;
  }
  if (typeof text !== 'string' || text === '') return undefined;
  let line = text.replace(/\s+/g, ' ').slice(0, 200);
  for (const s of secrets) if (s) line = line.split(s).join('***');
  return line;
}
