import { Agent, type Dispatcher, fetch } from 'undici';

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

export interface ControlHttpOptions {
  /** The simulator's base URL, e.g. https://127.0.0.1:8043 */
  url: string;
  /** PEM of the CA to trust (mock-cec's development CA); the system store when absent. */
  ca?: string;
}

/**
 * JSON over HTTPS to the control API, trusting the simulator's development
 * CA. A refusal becomes a ControlApiError carrying the simulator's own code
 * and message, so a failing test says what the simulator objected to.
 */
export class ControlHttp {
  readonly url: string;
  readonly #dispatcher: Dispatcher | undefined;

  constructor(o: ControlHttpOptions) {
    this.url = o.url.replace(/\/$/, '');
    this.#dispatcher = o.ca ? new Agent({ connect: { ca: o.ca } }) : undefined;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Awaited<ReturnType<typeof fetch>>;
    try {
      res = await fetch(`${this.url}/__mock${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        dispatcher: this.#dispatcher,
      });
    } catch (err) {
      const cause = (err as { cause?: { message?: string } }).cause?.message ?? String(err);
      throw new ControlApiError(
        0,
        'unreachable',
        `${method} /__mock${path}: the simulator cannot be reached (${cause})`,
      );
    }
    const text = await res.text();
    const parsed = text === '' ? undefined : safeJson(text);
    if (!res.ok) {
      const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new ControlApiError(
        res.status,
        error?.code ?? 'http',
        `${method} /__mock${path}: ${res.status} ${error?.message ?? text.slice(0, 200)}`,
      );
    }
    return parsed as T;
  }

  async close(): Promise<void> {
    await this.#dispatcher?.close();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
