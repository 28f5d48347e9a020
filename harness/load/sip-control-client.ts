import type { ClientResponse } from 'hono/client';
import type { CustomerBehaviour } from '../../mock-cec/domain/calls/customer-calls.ts';
import {
  type Answer,
  controlClient,
  type NodeControlClient,
  settle,
} from '../../mock-cec/edges/control/client.ts';
import type { LegView, RegistrationView } from '../actors/control-types.ts';

export type { LegView, RegistrationView };

/** A control API refusal (with its HTTP status) or a transport failure, as a value the caller reports. */
export type ControlResult<T> = { ok: true; value: T } | { ok: false; status?: number; error: string };

/**
 * The SIP side's control calls (/__mock/sip, docs/sip.md "The SIP side") as values
 * for load runs and test tools, over the one typed client: a failure is a
 * result the caller counts, never a throw.
 */
export class SipControlClient {
  readonly #client: NodeControlClient;

  constructor(
    readonly baseUrl: string,
    /** PEM of the development CA (DevCert.ca); left out for plain HTTP. */
    ca?: string,
  ) {
    this.#client = controlClient({ url: baseUrl, ca, connections: 16 });
  }

  async registrations(tenant: string): Promise<ControlResult<RegistrationView[]>> {
    const r = await this.#idempotent(
      () => this.#client.api.sip.registrations.$get({ query: { tenant } }),
      `GET /__mock/sip/registrations?tenant=${tenant}`,
    );
    return r.ok ? { ok: true, value: r.value.registrations } : r;
  }

  dial(request: {
    tenant: string;
    from: string;
    toSipAccount: string;
    behaviour?: Partial<CustomerBehaviour>;
  }): Promise<ControlResult<LegView>> {
    return this.#once(() => this.#client.api.sip.dial.$post({ json: request }), 'POST /__mock/sip/dial');
  }

  async legs(tenant: string): Promise<ControlResult<LegView[]>> {
    const r = await this.#idempotent(
      () => this.#client.api.sip.legs.$get({ query: { tenant } }),
      `GET /__mock/sip/legs?tenant=${tenant}`,
    );
    return r.ok ? { ok: true, value: r.value.legs } : r;
  }

  /** The customer hangs up: CANCEL before answer, BYE after. */
  hangup(callId: string): Promise<ControlResult<LegView>> {
    return this.#idempotent(
      () => this.#client.api.sip.legs[':callId'].$delete({ param: { callId } }),
      `DELETE /__mock/sip/legs/${callId}`,
    );
  }

  close(): Promise<void> {
    return this.#client.close();
  }

  async #once<R extends ClientResponse<unknown, number, string>>(
    call: () => Promise<R>,
    what: string,
  ): Promise<ControlResult<Answer<R>>> {
    const r = await settle(call, what);
    if (r.ok) return r;
    return r.status === 0
      ? { ok: false, error: r.message }
      : { ok: false, status: r.status, error: r.message };
  }

  /**
   * A GET or DELETE that failed on the wire is sent once more: they are idempotent
   * (RFC 9110 §9.2.2), and on a busy machine a kept-alive socket the server just closed is the usual
   * cause. A POST is never resent.
   */
  async #idempotent<R extends ClientResponse<unknown, number, string>>(
    call: () => Promise<R>,
    what: string,
  ): Promise<ControlResult<Answer<R>>> {
    const first = await this.#once(call, what);
    if (first.ok || first.status !== undefined) return first;
    return this.#once(call, what);
  }
}
