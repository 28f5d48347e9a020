import type { JournalTable, NewEntry, TableDef } from '../../infrastructure/journal/journal.ts';
import type { Simulator } from '../../infrastructure/state/simulator.ts';
import type { SipTenant } from './proxy/sip-tenant.ts';
import type { BindingChange, BindingEvent } from './registrar/binding.ts';

/** A binding change as its table keeps it: the strings the binding holds (alive anyway while it is). */
interface RegistrationRow {
  at: number;
  tenant: string;
  corr: string;
  aor: string;
  event: BindingEvent;
  uri: string;
  flow: BindingChange['binding']['flow'];
}

const registrationTable: TableDef<RegistrationRow> = {
  kind: 'state',
  layout: {
    at: 'number',
    tenant: 'value',
    corr: 'value',
    aor: 'value',
    event: 'value',
    uri: 'value',
    flow: 'value',
  },
  entry: (r): NewEntry => ({
    kind: 'state',
    at: r.at,
    tenant: r.tenant,
    corr: r.corr,
    entity: 'registration',
    id: r.aor,
    to: r.event,
    reason: `${r.uri} over ${r.flow.transport} (${r.flow.id})`,
  }),
};

/**
 * The `state` entries of registrations (one per binding registered,
 * refreshed or removed: one per REGISTER under load), kept as rows of a
 * journal table and made into objects only when read: journaling a refresh
 * leaves no new object to outlive it but its correlation id (decision
 * record 006).
 */
export class RegistrationJournal {
  readonly #table: JournalTable<RegistrationRow>;

  constructor(private readonly sim: Simulator) {
    this.#table = sim.journal.table(registrationTable);
  }

  write(tenant: SipTenant, change: BindingChange, at: number): void {
    const b = change.binding;
    this.#table.append({
      at,
      tenant: tenant.id,
      corr: this.sim.nextCorr(),
      aor: b.aor,
      event: change.event,
      uri: b.uri,
      flow: b.flow,
    });
  }
}
