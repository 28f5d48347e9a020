/**
 * The console's only door into the simulator: the control API under /__mock,
 * over fetch. Failures come back as values carrying the control API's
 * `{error: {code, message}}`, so that each panel can show them as they are.
 */
export type ApiResult<T> =
  | { ok: true; value: T }
  | { ok: false; status: number; code: string; message: string };

export async function api<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(`/__mock${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      // A string is sent as it is: pasted JSON reaches the server's own parser and its error.
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  } catch {
    return {
      ok: false,
      status: 0,
      code: 'network',
      message: 'The simulator does not answer (is it running?)',
    };
  }
  const text = await res.text();
  const json = parse(text);
  if (res.ok) return { ok: true, value: json as T };
  const error = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
  return {
    ok: false,
    status: res.status,
    code: error?.code ?? `http-${res.status}`,
    message: error?.message ?? (text.slice(0, 200) || res.statusText),
  };
}

function parse(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** One line for an alert: "conflict: app key … is already used". */
export const problem = (r: { code: string; message: string }) => `${r.code}: ${r.message}`;
