import { EntryStore, type NewEntry } from '../journal/journal.ts';
import type { Simulator } from '../state/simulator.ts';
import type { SipTenant } from './proxy/sip-tenant.ts';
import type { BindingChange, BindingEvent } from './registrar/binding.ts';

/**
 * The `state` entries of registrations (one per binding registered,
 * refreshed or removed: one per REGISTER under load), kept in columns like
 * the SIP journal's and made into objects only when read. The columns hold
 * the strings the binding holds (alive anyway while it is), so journaling a
 * refresh leaves no new object to outlive it but its correlation id: an
 * entry object and its `reason` kept for the journal's whole length were a
 * twentieth of a REGISTER's cost, in the garbage collector.
 */
export class RegistrationJournal extends EntryStore {
  readonly kind = 'state';
  readonly #cap: number;
  #columns: Columns | undefined;

  constructor(private readonly sim: Simulator) {
    super();
    this.#cap = sim.journal.capacity;
  }

  write(tenant: SipTenant, change: BindingChange, at: number): void {
    const journal = this.sim.journal;
    // Made at the first registration: a simulator without SIP clients spends no memory on them.
    this.#columns ??= new Columns(this.#cap);
    const c = this.#columns;
    const i = (journal.nextSeq - 1) % this.#cap;
    const b = change.binding;
    c.at[i] = at;
    c.tenant[i] = tenant.id;
    c.corr[i] = this.sim.nextCorr();
    c.aor[i] = b.aor;
    c.event[i] = change.event;
    c.uri[i] = b.uri;
    c.flow[i] = b.flow;
    journal.appendStored(this);
  }

  override at(seq: number): number {
    return this.#columns!.at[(seq - 1) % this.#cap]!;
  }

  override tenant(seq: number): string | undefined {
    return this.#columns!.tenant[(seq - 1) % this.#cap];
  }

  override entry(seq: number): NewEntry {
    const c = this.#columns!;
    const i = (seq - 1) % this.#cap;
    const flow = c.flow[i]!;
    return {
      kind: 'state',
      at: c.at[i]!,
      tenant: c.tenant[i],
      corr: c.corr[i]!,
      entity: 'registration',
      id: c.aor[i]!,
      to: c.event[i]!,
      reason: `${c.uri[i]} over ${flow.transport} (${flow.id})`,
    };
  }
}

class Columns {
  readonly at: Float64Array;
  readonly tenant: (string | undefined)[];
  readonly corr: (string | undefined)[];
  readonly aor: (string | undefined)[];
  readonly event: (BindingEvent | undefined)[];
  readonly uri: (string | undefined)[];
  readonly flow: (BindingChange['binding']['flow'] | undefined)[];

  constructor(cap: number) {
    this.at = new Float64Array(cap);
    this.tenant = new Array(cap);
    this.corr = new Array(cap);
    this.aor = new Array(cap);
    this.event = new Array(cap);
    this.uri = new Array(cap);
    this.flow = new Array(cap);
  }
}
