/**
 * The console page: picks a tenant (kept in the URL hash, #tenant=…), hands
 * it to the panels, and feeds them the tenant's journal as it happens.
 * Everything goes through the control API under /__mock.
 */
import { agentsPanel } from './agents-panel.ts';
import { call, control, problem } from './api.ts';
import { callsPanel } from './calls-panel.ts';
import { byId, h } from './dom.ts';
import { faultsPanel } from './faults-panel.ts';
import { journalPanel } from './journal-panel.ts';
import { liveStream } from './live.ts';
import type { Console, Panel } from './panel.ts';
import { softphonesPanel } from './softphones-panel.ts';
import { tenantPanel } from './tenant-panel.ts';
import type { TenantView } from './views.ts';

const picker = byId<HTMLSelectElement>('tenant-pick');
const liveStatus = byId('live');
let tenants: TenantView[] = [];
let current: TenantView | undefined;

const hashTenant = () => new URLSearchParams(location.hash.slice(1)).get('tenant') ?? undefined;

const app: Console = {
  tenant: () => current,
  async reloadTenants(pick) {
    const r = await call(() => control.tenants.$get());
    if (!r.ok) {
      liveStatus.textContent = problem(r);
      return;
    }
    tenants = r.value.tenants;
    picker.replaceChildren(
      ...tenants.map((t) => h('option', { value: t.tenantSpaceId }, `${t.tenantSpaceId} (seed ${t.seed})`)),
    );
    const wanted = pick ?? current?.tenantSpaceId ?? hashTenant();
    choose(tenants.find((t) => t.tenantSpaceId === wanted) ?? tenants[0]);
  },
};

const journal = journalPanel();
const panels: Panel[] = [
  tenantPanel(app),
  agentsPanel(app),
  softphonesPanel(app),
  callsPanel(app),
  faultsPanel(app),
  journal,
];

const live = liveStream({
  entry: (e) => {
    for (const p of panels) p.entry?.(e);
  },
  gap: (skipped) => journal.gap(skipped),
  status: (state, text) => {
    liveStatus.dataset.live = state;
    liveStatus.textContent = text;
  },
});

/** Show a tenant in every panel and follow its journal. */
function choose(t: TenantView | undefined) {
  const changed = t?.tenantSpaceId !== current?.tenantSpaceId;
  current = t;
  picker.value = t?.tenantSpaceId ?? '';
  if (t && hashTenant() !== t.tenantSpaceId)
    history.replaceState(null, '', `#tenant=${encodeURIComponent(t.tenantSpaceId)}`);
  if (!changed) return;
  for (const p of panels) p.show(t);
  live.follow(t?.tenantSpaceId);
}

picker.addEventListener('change', () => choose(tenants.find((t) => t.tenantSpaceId === picker.value)));
window.addEventListener('hashchange', () => {
  const id = hashTenant();
  if (id !== undefined && id !== current?.tenantSpaceId) void app.reloadTenants(id);
});
byId('tenants-refresh').addEventListener('click', () => app.reloadTenants());

void app.reloadTenants();
