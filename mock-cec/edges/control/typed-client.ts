/**
 * The control API's one typed client, derived from its route records with
 * Hono's `hc`: paths, bodies, queries and answers are the records' own types.
 * Browser-safe (the console uses it); Node callers that must trust the
 * simulator's development CA use `controlClient` from client.ts.
 */
import type { ClientRequestOptions, ClientResponse } from 'hono/client';
import { hc } from 'hono/client';
import type { ControlApp } from './control-api.ts';

export type ControlClient = ReturnType<typeof hc<ControlApp>>;

/**
 * A client of the control API at `base` (the simulator's URL, or '' for the
 * page's own origin). `fetch` replaces the global one (a CA to trust, a test's).
 */
export function typedControlClient(
  base: string,
  options: Pick<ClientRequestOptions, 'fetch' | 'headers'> = {},
): ControlClient {
  return hc<ControlApp>(`${base.replace(/\/$/, '')}/__mock`, options);
}

/** A control API request that was refused: the simulator's `{"error": {code, message}}`, or no answer at all. */
export class ControlApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ControlApiError';
  }
}

/** The body of a successful answer (2xx) of a client call. */
export type Answer<R> =
  R extends ClientResponse<infer T, infer S, infer _F> ? (S extends 200 | 201 | 204 ? T : never) : never;

/** A call's outcome as a value: its answer, or the refusal with the simulator's code and message. */
export type ControlResult<T> =
  | { ok: true; value: T }
  | { ok: false; status: number; code: string; message: string };

/**
 * Make a call and read its answer as a value: a refusal keeps the simulator's
 * code and message; no answer at all is status 0, code `unreachable`.
 */
export async function settle<R extends ClientResponse<unknown, number, string>>(
  call: () => Promise<R>,
  /** Said before the message, e.g. "POST /faults"; the server's message alone without it. */
  what?: string,
): Promise<ControlResult<Answer<R>>> {
  const said = (text: string) => (what ? `${what}: ${text}` : text);
  let res: R;
  try {
    res = await call();
  } catch (err) {
    const cause = (err as { cause?: { message?: string } }).cause?.message ?? String(err);
    return {
      ok: false,
      status: 0,
      code: 'unreachable',
      message: said(`the simulator cannot be reached (${cause})`),
    };
  }
  const text = await res.text();
  const parsed = parse(text);
  if (res.ok) return { ok: true, value: parsed as Answer<R> };
  const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
  return {
    ok: false,
    status: res.status,
    code: error?.code ?? `http-${res.status}`,
    message: what
      ? said(`${res.status} ${error?.message ?? (text.slice(0, 200) || res.statusText)}`)
      : (error?.message ?? (text.slice(0, 200) || res.statusText)),
  };
}

/** Make a call and return its answer; a refusal is thrown as a ControlApiError. */
export async function answer<R extends ClientResponse<unknown, number, string>>(
  call: () => Promise<R>,
  what: string,
): Promise<Answer<R>> {
  const r = await settle(call, what);
  if (r.ok) return r.value;
  throw new ControlApiError(r.status, r.code, r.message);
}

function parse(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
