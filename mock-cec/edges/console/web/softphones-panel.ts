/**
 * Softphones: the SIP side's registrations (GET /__mock/sip/registrations).
 * A simulator without a SIP side answers 404 there (no such route, or
 * `sip-off`), and the panel says so instead of failing.
 */
import { call, control, problem } from './api.ts';
import { byId, coalesce, h } from './dom.ts';
import type { Console, Panel } from './panel.ts';
import type { RegistrationView } from './views.ts';

export function softphonesPanel(app: Console): Panel {
  const table = byId('softphones-table');
  const body = byId('softphones-body');
  const empty = byId('softphones-empty');

  const message = (text: string) => {
    table.hidden = true;
    empty.hidden = false;
    empty.textContent = text;
  };

  const render = (regs: RegistrationView[]) => {
    if (regs.length === 0) return message('No softphone is registered.');
    empty.hidden = true;
    table.hidden = false;
    body.replaceChildren(
      ...regs.map((r) =>
        h(
          'tr',
          {},
          h('td', { class: 'mono' }, r.sipAccount),
          h('td', {}, r.workNo ?? '—'),
          h('td', {}, r.transport ?? ''),
          h('td', { class: 'mono' }, r.remote ?? ''),
          h('td', {}, r.userAgent ?? ''),
          h('td', { class: 'num' }, r.expiresInSec === undefined ? '' : `${r.expiresInSec} s`),
        ),
      ),
    );
  };

  const refresh = coalesce(async () => {
    const id = app.tenant()?.tenantSpaceId;
    if (!id) return;
    const r = await call(() => control.sip.registrations.$get({ query: { tenant: id } }));
    if (app.tenant()?.tenantSpaceId !== id) return;
    if (r.ok) render(r.value.registrations);
    else if (r.status === 404 && r.code !== 'no-tenant') message('No SIP side in this simulator.');
    else message(problem(r));
  });

  return {
    show(t) {
      body.replaceChildren();
      if (t) refresh();
      else message('');
    },
    entry(e) {
      if (
        (e.kind === 'state' && e.entity === 'registration') ||
        (e.kind === 'control' && e.action === 'tenant.reset')
      )
        refresh();
    },
  };
}
