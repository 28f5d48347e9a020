import { describe, expect, it } from 'vitest';
import { seedTenant } from '../../infrastructure/config/seed-tenant.ts';
import type { JournalEntry } from '../../infrastructure/journal/journal.ts';
import { ManualClock } from '../../infrastructure/primitives/clock.ts';
import { Simulator } from '../../infrastructure/state/simulator.ts';
import type { SipTenant } from './proxy/sip-tenant.ts';
import type { Binding, BindingChange } from './registrar/binding.ts';
import { Registrar } from './registrar/registrar.ts';
import { RegistrationJournal } from './registration-journal.ts';

const clock = new ManualClock(Date.UTC(2026, 0, 1));
/** Times after the tenant's own entries. */
const T = clock.now() + 1000;

function setup(journalCapacity = 100) {
  const sim = new Simulator({ clock, realTimers: false, journalCapacity });
  sim.addTenant(seedTenant(3), 3);
  const tenant: SipTenant = {
    id: 't3',
    now: () => clock.now(),
    registrar: new Registrar(),
    account: () => undefined,
    isCustomerNumber: () => false,
    digestAlgorithms: ['MD5'],
  };
  return { sim, tenant, store: new RegistrationJournal(sim) };
}

const binding = (aor: string, flowId: string): Binding => ({
  aor,
  uri: `sip:${aor}@10.0.0.1:5062;transport=udp`,
  uriKey: `sip:${aor}@10.0.0.1:5062`,
  key: `sip:${aor}@10.0.0.1:5062`,
  callId: 'c1',
  cseq: 1,
  registeredAt: 0,
  expiresAt: 60_000,
  flow: { id: flowId, transport: 'udp' },
});

/** The entry the journal held as a plain object before it kept registrations in columns. */
const plain = (sim: Simulator, c: BindingChange, at: number) =>
  sim.journal.append({
    kind: 'state',
    at,
    tenant: 't3',
    corr: sim.nextCorr(),
    entity: 'registration',
    id: c.binding.aor,
    to: c.event,
    reason: `${c.binding.uri} over ${c.binding.flow.transport} (${c.binding.flow.id})`,
  });

const changes: BindingChange[] = [
  { binding: binding('88000101', 'u1'), event: 'registered' },
  { binding: binding('88000102', 'w7'), event: 'refreshed' },
  { binding: binding('88000101', 'u1'), event: 'expired' },
];

describe('RegistrationJournal', () => {
  it('reads its entries as the plain entries read, through Journal.query', () => {
    const kept = setup();
    const whole = setup();
    changes.forEach((c, k) => {
      kept.store.write(kept.tenant, c, T + k);
      plain(whole.sim, c, T + k);
    });
    const read = (s: Simulator) => JSON.stringify(s.journal.query({ kind: 'state', tenant: 't3' }));
    expect(read(kept.sim)).toBe(read(whole.sim));
    expect(kept.sim.journal.query({ kind: 'state', sinceAt: T + 1 }).map((e) => e.at)).toEqual([
      T + 1,
      T + 2,
    ]);
  });

  it('gives listeners the entry at once, and keeps the newest entries once the ring went round', () => {
    const { sim, tenant, store } = setup(4);
    const heard: JournalEntry[] = [];
    const stop = sim.journal.subscribe((e) => heard.push(e));
    store.write(tenant, changes[0]!, 5);
    stop();
    expect(heard).toMatchObject([
      { seq: sim.journal.count, kind: 'state', id: '88000101', to: 'registered' },
    ]);
    for (let k = 0; k < 6; k++) store.write(tenant, changes[k % 3]!, 10 + k);
    const last = sim.journal.count;
    const ids = sim.journal.query().map((e) => [e.seq, e.at, 'to' in e ? e.to : '']);
    expect(ids).toEqual([
      [last - 3, 12, 'expired'],
      [last - 2, 13, 'registered'],
      [last - 1, 14, 'refreshed'],
      [last, 15, 'expired'],
    ]);
  });
});
