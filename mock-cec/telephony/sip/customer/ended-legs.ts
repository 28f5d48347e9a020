/**
 * How many ended legs the simulated customer remembers per tenant. [choice:
 * a count, not a time, so that memory stays bounded whatever the call rate;
 * the same history as the ACD's call book (call-book.ts). An ended leg is read
 * soon after it ends (`GET /__mock/sip/legs/{callId}` for its stats and
 * endReason, a scenario's expectations, a 2xx retransmission to ACK), and it
 * is small by then: its media is closed and let go, its stats kept.]
 */
export const ENDED_LEGS_KEPT = 200;

/**
 * The Call-IDs of each tenant's ended legs, oldest first: telling it a leg
 * ended returns those now past the history, for the owner to forget.
 */
export class EndedLegs {
  readonly #byTenant = new Map<string, Set<string>>();

  constructor(readonly perTenant = ENDED_LEGS_KEPT) {}

  /** A leg of `tenant` ended: the Call-IDs of the legs to forget now, oldest first. */
  ended(tenant: string, callId: string): string[] {
    let ids = this.#byTenant.get(tenant);
    if (!ids) {
      ids = new Set();
      this.#byTenant.set(tenant, ids);
    }
    ids.add(callId);
    const forgotten: string[] = [];
    for (const id of ids) {
      if (ids.size <= this.perTenant) break;
      ids.delete(id);
      forgotten.push(id);
    }
    return forgotten;
  }

  /** The tenant was reset or removed: its legs are all forgotten already. */
  forgetTenant(tenant: string): void {
    this.#byTenant.delete(tenant);
  }
}
