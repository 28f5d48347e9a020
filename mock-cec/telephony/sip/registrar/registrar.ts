import type { Binding, BindingChange, BindingEvent, FlowRef } from './binding.ts';
import type { ContactRequest, RegisterAsk } from './register-request.ts';

/**
 * One tenant's registrar (RFC 3261 §10.3): bindings per address of record,
 * with expiry on the tenant's clock (`now` is passed in), several contacts per
 * account, refresh and removal, and removal of every binding of a flow when
 * its connection closes (what RFC 5626 §5.3 asks of an edge proxy).
 * Expired bindings vanish from lookups at once and are reported by `sweep`.
 */
export interface RegistrarOptions {
  /** Shortest lifetime granted; shorter asks get 423 with Min-Expires (RFC 3261 §10.3 step 7). */
  minExpiresSec: number;
  /** Longer asks are shortened to this. */
  maxExpiresSec: number;
  /** When neither the contact nor the request says. */
  defaultExpiresSec: number;
  /** Contacts kept per account; past it, the one closest to expiry gives way. */
  maxBindingsPerAor: number;
}

export const defaultRegistrarOptions: RegistrarOptions = {
  minExpiresSec: 60,
  maxExpiresSec: 3600,
  defaultExpiresSec: 3600,
  maxBindingsPerAor: 16,
};

export interface RegisterContext {
  readonly callId: string;
  readonly cseq: number;
  readonly flow: FlowRef;
  /** Where requests for one contact go, when not back over `flow` (a UDP Contact, contact-flow.ts). */
  readonly flowOf?: (contact: ContactRequest) => FlowRef;
  readonly userAgent?: string;
}

export type RegisterOutcome =
  | { readonly ok: true; readonly bindings: readonly Binding[]; readonly changes: readonly BindingChange[] }
  | { readonly ok: false; readonly status: 423; readonly minExpires: number }
  | { readonly ok: false; readonly status: 500; readonly reason: string };

export class Registrar {
  readonly #byAor = new Map<string, Binding[]>();
  readonly #byUri = new Map<string, Binding>();
  readonly #byFlow = new Map<string, Set<Binding>>();

  constructor(readonly options: RegistrarOptions = defaultRegistrarOptions) {}

  register(ask: RegisterAsk, ctx: RegisterContext, now: number): RegisterOutcome {
    const changes: BindingChange[] = [];
    const current = this.#live(ask.aor, now, changes);
    if (ask.kind === 'query') return { ok: true, bindings: current, changes };
    if (ask.kind === 'remove-all') {
      for (const b of current) this.#remove(b, 'unregistered', changes);
      return { ok: true, bindings: [], changes };
    }
    const o = this.options;
    // Check every contact before changing any: a REGISTER is all or nothing (RFC 3261 §10.3 step 8).
    for (const c of ask.contacts) {
      const asked = c.expires ?? o.defaultExpiresSec;
      if (asked !== 0 && asked < o.minExpiresSec)
        return { ok: false, status: 423, minExpires: o.minExpiresSec };
      const existing = current.find((b) => b.key === (c.instance ?? c.uriKey));
      // RFC 3261 §10.3 step 7: the same Call-ID with a CSeq not higher is an old request.
      if (existing && existing.callId === ctx.callId && existing.cseq >= ctx.cseq) {
        return { ok: false, status: 500, reason: 'Out of order REGISTER' };
      }
    }
    for (const c of ask.contacts) {
      const key = c.instance ?? c.uriKey;
      const existing = this.#byAor.get(ask.aor)?.find((b) => b.key === key);
      const asked = c.expires ?? o.defaultExpiresSec;
      if (asked === 0) {
        if (existing) this.#remove(existing, 'unregistered', changes);
        continue;
      }
      const binding: Binding = {
        aor: ask.aor,
        uri: c.uri,
        uriKey: c.uriKey,
        key,
        instance: c.instance,
        regId: c.regId,
        callId: ctx.callId,
        cseq: ctx.cseq,
        registeredAt: existing?.registeredAt ?? now,
        expiresAt: now + Math.min(asked, o.maxExpiresSec) * 1000,
        flow: ctx.flowOf ? ctx.flowOf(c) : ctx.flow,
        userAgent: ctx.userAgent,
      };
      if (existing) this.#replace(existing, binding);
      else this.#add(binding);
      changes.push({ binding, event: existing ? 'refreshed' : 'registered' });
    }
    const list = this.#byAor.get(ask.aor) ?? [];
    while (list.length > o.maxBindingsPerAor) {
      const first = list.reduce((a, b) => (b.expiresAt < a.expiresAt ? b : a));
      this.#remove(first, 'replaced', changes);
    }
    return { ok: true, bindings: [...(this.#byAor.get(ask.aor) ?? [])], changes };
  }

  /**
   * Whether a REGISTER is the one that left the account's bindings as they
   * are, sent again (RFC 3261 §10.3 step 7: the same Call-ID and CSeq): a
   * query, or every contact bound by this very Call-ID and CSeq. Such a
   * request is answered with the bindings as they are, changing nothing. A
   * removal leaves nothing to compare with, so it never counts as one.
   */
  repeats(ask: RegisterAsk, ctx: Pick<RegisterContext, 'callId' | 'cseq'>, now: number): boolean {
    if (ask.kind === 'query') return true;
    if (ask.kind === 'remove-all') return false;
    const current = this.lookup(ask.aor, now);
    return ask.contacts.every((c) => {
      const b = current.find((x) => x.key === (c.instance ?? c.uriKey));
      return b !== undefined && b.callId === ctx.callId && b.cseq === ctx.cseq;
    });
  }

  /** The live bindings of an account. */
  lookup(aor: string, now: number): readonly Binding[] {
    const list = this.#byAor.get(aor);
    if (!list) return [];
    return list.some((b) => b.expiresAt <= now) ? list.filter((b) => b.expiresAt > now) : list;
  }

  /** The live binding whose contact a Request-URI names (in-dialog requests to a `.invalid` Contact). */
  byUriKey(uriKey: string, now: number): Binding | undefined {
    const b = this.#byUri.get(uriKey);
    return b && b.expiresAt > now ? b : undefined;
  }

  /** Every live binding, for the control API. */
  all(now: number): Binding[] {
    const out: Binding[] = [];
    for (const list of this.#byAor.values()) for (const b of list) if (b.expiresAt > now) out.push(b);
    return out;
  }

  /** The connection a binding came over closed: its bindings go (RFC 5626 §5.3). */
  dropFlow(flowId: string): BindingChange[] {
    const changes: BindingChange[] = [];
    for (const b of [...(this.#byFlow.get(flowId) ?? [])]) this.#remove(b, 'flow-closed', changes);
    return changes;
  }

  /** Remove what expired by `now`, reporting it. */
  sweep(now: number): BindingChange[] {
    const changes: BindingChange[] = [];
    for (const aor of [...this.#byAor.keys()]) this.#live(aor, now, changes);
    return changes;
  }

  /** Forget everything (tenant reset). */
  clear(): BindingChange[] {
    const changes: BindingChange[] = [];
    for (const list of [...this.#byAor.values()])
      for (const b of [...list]) this.#remove(b, 'reset', changes);
    return changes;
  }

  /** When the next binding expires (for the sweep timer), if any. */
  nextExpiry(): number | undefined {
    let next: number | undefined;
    for (const list of this.#byAor.values())
      for (const b of list) if (next === undefined || b.expiresAt < next) next = b.expiresAt;
    return next;
  }

  get size(): number {
    return this.#byUri.size;
  }

  #live(aor: string, now: number, changes: BindingChange[]): Binding[] {
    const list = this.#byAor.get(aor);
    if (!list) return [];
    // Usually nothing expired: one pass to see, and no list filtered for nothing.
    if (list.some((x) => x.expiresAt <= now))
      for (const b of list.filter((x) => x.expiresAt <= now)) this.#remove(b, 'expired', changes);
    return [...(this.#byAor.get(aor) ?? [])];
  }

  #add(b: Binding): void {
    const list = this.#byAor.get(b.aor);
    if (list) list.push(b);
    else this.#byAor.set(b.aor, [b]);
    this.#byUri.set(b.uriKey, b);
    let flow = this.#byFlow.get(b.flow.id);
    if (!flow) {
      flow = new Set();
      this.#byFlow.set(b.flow.id, flow);
    }
    flow.add(b);
  }

  /**
   * A refreshed binding takes the place of the one it renews (same AOR and key), in its list and
   * indexes: no Map entry removed and added again, as unlinking and adding would (Maps keep
   * removed entries until they rehash). Both index keys are the same strings when they are equal.
   */
  #replace(old: Binding, b: Binding): void {
    const list = this.#byAor.get(old.aor)!;
    list[list.indexOf(old)] = b;
    if (b.uriKey !== old.uriKey && this.#byUri.get(old.uriKey) === old) this.#byUri.delete(old.uriKey);
    this.#byUri.set(b.uriKey, b);
    if (b.flow.id === old.flow.id) {
      const flow = this.#byFlow.get(b.flow.id)!;
      flow.delete(old);
      flow.add(b);
      return;
    }
    const flow = this.#byFlow.get(old.flow.id);
    if (flow) {
      flow.delete(old);
      if (flow.size === 0) this.#byFlow.delete(old.flow.id);
    }
    let next = this.#byFlow.get(b.flow.id);
    if (!next) {
      next = new Set();
      this.#byFlow.set(b.flow.id, next);
    }
    next.add(b);
  }

  #unlink(b: Binding): void {
    const list = this.#byAor.get(b.aor);
    if (list) {
      const i = list.indexOf(b);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.#byAor.delete(b.aor);
    }
    if (this.#byUri.get(b.uriKey) === b) this.#byUri.delete(b.uriKey);
    const flow = this.#byFlow.get(b.flow.id);
    if (flow) {
      flow.delete(b);
      if (flow.size === 0) this.#byFlow.delete(b.flow.id);
    }
  }

  #remove(b: Binding, event: BindingEvent, changes: BindingChange[]): void {
    this.#unlink(b);
    changes.push({ binding: b, event });
  }
}
