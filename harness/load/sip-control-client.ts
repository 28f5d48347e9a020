import { Agent, fetch } from 'undici';
import type { CustomerBehaviour } from '../../mock-cec/calls/customer-calls.ts';
import type { CustomerLeg } from '../../mock-cec/sip/customer/customer-leg.ts';
import type { SipService } from '../../mock-cec/sip/sip-service.ts';

/** A simulated customer's call leg as GET /__mock/sip/legs shows it. */
export type LegView = ReturnType<CustomerLeg['view']>;
export type RegistrationView = ReturnType<SipService['registrations']>[number];

/** A control API refusal (with its HTTP status) or a transport failure, as a value the caller reports. */
export type ControlResult<T> = { ok: true; value: T } | { ok: false; status?: number; error: string };

/**
 * A small client of the SIP side's control API (/__mock/sip, README "The SIP
 * side"), over HTTPS trusting the simulator's development CA. Used from
 * outside the simulator's process, as a test tool or a user's script would.
 */
export class SipControlClient {
  readonly #dispatcher: Agent;

  constructor(
    readonly baseUrl: string,
    /** PEM of the development CA (DevCert.ca); left out for plain HTTP. */
    ca?: string,
  ) {
    this.#dispatcher = new Agent({ connect: ca ? { ca } : {}, connections: 16 });
  }

  async registrations(tenant: string): Promise<ControlResult<RegistrationView[]>> {
    const r = await this.#call<{ registrations: RegistrationView[] }>(
      'GET',
      `/__mock/sip/registrations?tenant=${encodeURIComponent(tenant)}`,
    );
    return r.ok ? { ok: true, value: r.value.registrations } : r;
  }

  dial(request: {
    tenant: string;
    from: string;
    toSipAccount: string;
    behaviour?: Partial<CustomerBehaviour>;
  }): Promise<ControlResult<LegView>> {
    return this.#call('POST', '/__mock/sip/dial', request);
  }

  async legs(tenant: string): Promise<ControlResult<LegView[]>> {
    const r = await this.#call<{ legs: LegView[] }>(
      'GET',
      `/__mock/sip/legs?tenant=${encodeURIComponent(tenant)}`,
    );
    return r.ok ? { ok: true, value: r.value.legs } : r;
  }

  /** The customer hangs up: CANCEL before answer, BYE after. */
  hangup(callId: string): Promise<ControlResult<LegView>> {
    return this.#call('DELETE', `/__mock/sip/legs/${encodeURIComponent(callId)}`);
  }

  close(): Promise<void> {
    return this.#dispatcher.close();
  }

  /**
   * One request. A GET or DELETE that failed on the wire is sent once more: they are idempotent
   * (RFC 9110 §9.2.2), and on a busy machine a kept-alive socket the server just closed is the usual
   * cause. A POST is never resent.
   */
  async #call<T>(method: string, path: string, body?: unknown): Promise<ControlResult<T>> {
    const first = await this.#once<T>(method, path, body);
    if (first.ok || first.status !== undefined || method === 'POST') return first;
    return this.#once<T>(method, path, body);
  }

  async #once<T>(method: string, path: string, body?: unknown): Promise<ControlResult<T>> {
    try {
      const res = await fetch(new URL(path, this.baseUrl), {
        method,
        dispatcher: this.#dispatcher,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await res.json()) as T & { error?: { code: string; message: string } };
      if (res.ok) return { ok: true, value: json };
      const error = `${method} ${path}: ${res.status} ${json.error?.message ?? ''}`.trim();
      return { ok: false, status: res.status, error };
    } catch (err) {
      // undici says "fetch failed" and puts the reason (a refused or timed-out connection) in `cause`.
      const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : '';
      return {
        ok: false,
        error: `${method} ${path}: ${err instanceof Error ? err.message : String(err)}${cause}`,
      };
    }
  }
}
