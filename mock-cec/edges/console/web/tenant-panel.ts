import type { ClientResponse } from 'hono/client';
/**
 * The picked tenant: its credentials, its clock (advance it), reset and
 * delete; and the form that creates a tenant from a seed.
 */
import { call, control, problem } from './api.ts';
import { alertOf, byId, coalesce, fieldsOf, say } from './dom.ts';
import { clockDateTime, duration } from './format.ts';
import { tenantFromFields } from './forms.ts';
import { type Console, type Panel, utcOffsetMin } from './panel.ts';
import type { TenantView } from './views.ts';

export function tenantPanel(app: Console): Panel {
  const details = byId('tenant-details');
  const error = byId('tenant-error');
  const clock = byId<HTMLOutputElement>('t-clock');
  const offset = byId('t-offset');
  /** The tenant's clock minus the browser's, from the last answer: the clock ticks on between answers. */
  let skew: number | undefined;
  let offsetMs = 0;

  const tick = () => {
    if (skew === undefined) return;
    const now = Date.now() + skew;
    clock.value = clockDateTime(now, utcOffsetMin(now));
    offset.textContent = offsetMs > 0 ? `${duration(offsetMs)} ahead` : 'real time';
  };
  setInterval(tick, 1000);

  const render = (t: TenantView) => {
    byId('t-id').textContent = t.tenantSpaceId;
    byId('t-seed').textContent = String(t.seed);
    byId('t-app-key').textContent = t.config.app.appKey;
    byId('t-app-secret').textContent = t.config.app.appSecret;
    byId('t-sizes').textContent =
      `${t.config.agents.length} · ${t.config.skills.map((s) => s.name).join(', ')}`;
    byId('t-tokens').textContent = String(t.liveTokens);
    setClock(t.clock);
  };
  const setClock = (c: { now: number; offsetMs: number }) => {
    skew = c.now - Date.now();
    offsetMs = c.offsetMs;
    tick();
  };

  const refresh = coalesce(async () => {
    const t = app.tenant();
    if (!t) return;
    const r = await call(() => control.tenants[':id'].$get({ param: { id: t.tenantSpaceId } }));
    if (r.ok && app.tenant()?.tenantSpaceId === t.tenantSpaceId) render(r.value);
  });

  /** A request about the picked tenant; true when it went through (a problem is shown otherwise). */
  const act = async <T>(
    request: (param: { id: string }) => Promise<ClientResponse<unknown, number, string>>,
    then?: (value: T) => void,
  ) => {
    const t = app.tenant();
    if (!t) return false;
    const r = await call(() => request({ id: t.tenantSpaceId }));
    say(error, r.ok ? undefined : problem(r));
    if (r.ok) then?.(r.value as T);
    return r.ok;
  };

  const advance = (seconds: number) =>
    act(
      (param) =>
        control.tenants[':id'].clock.$post({ param, json: { advanceMs: Math.round(seconds * 1000) } }),
      setClock,
    );
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-advance]')) {
    b.addEventListener('click', () => advance(Number(b.dataset.advance)));
  }
  byId<HTMLFormElement>('advance-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void advance(Number(byId<HTMLInputElement>('advance-sec').value));
  });
  byId('tenant-reset').addEventListener('click', () =>
    act((param) => control.tenants[':id'].reset.$post({ param }), render),
  );
  byId('tenant-delete').addEventListener('click', async () => {
    if (await act((param) => control.tenants[':id'].$delete({ param }))) await app.reloadTenants();
  });

  const form = byId<HTMLFormElement>('tenant-form');
  const formError = alertOf(form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const built = tenantFromFields(fieldsOf(form));
    if (!built.ok) return say(formError, built.message);
    const r = await call(() => control.tenants.$post({ json: built.body as never }));
    say(formError, r.ok ? undefined : problem(r));
    if (r.ok) {
      form.reset();
      await app.reloadTenants(r.value.tenantSpaceId);
    }
  });

  return {
    show(t) {
      details.hidden = !t;
      byId('no-tenant').hidden = !!t;
      say(error, undefined);
      if (t) render(t);
      else skew = undefined;
    },
    entry(e) {
      const tenantChanged =
        (e.kind === 'control' && /^(clock|tenant)\./.test(e.action)) ||
        (e.kind === 'http' && e.api === 'TokenByAkSk') ||
        (e.kind === 'state' && e.entity === 'token');
      if (tenantChanged) refresh();
      if (e.kind === 'state' && e.entity === 'tenant' && e.to === 'removed') void app.reloadTenants();
    },
  };
}
