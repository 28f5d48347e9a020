/**
 * Customer calls: place one into a skill queue, watch the tenant's calls
 * change state, make the customer hang up.
 */
import { control, problem, call as send } from './api.ts';
import { alertOf, badge, byId, coalesce, fieldsOf, h, say } from './dom.ts';
import { callBadge, clockTime } from './format.ts';
import { callFromFields } from './forms.ts';
import { type Console, type Panel, utcOffsetMin } from './panel.ts';
import type { TenantCall } from './views.ts';

export function callsPanel(app: Console): Panel {
  const body = byId('calls-body');
  const error = byId('calls-error');
  const form = byId<HTMLFormElement>('call-form');
  const skill = byId<HTMLSelectElement>('call-skill');

  const hangup = async (call: TenantCall) => {
    const r = await send(() =>
      control.calls[':id'].$delete({ param: { id: call.id }, query: { tenant: call.tenant } }),
    );
    say(error, r.ok ? undefined : problem(r));
    refresh();
  };

  const render = (calls: TenantCall[]) => {
    const newestFirst = [...calls].sort((a, b) => b.queuedAt - a.queuedAt || b.id.localeCompare(a.id));
    body.replaceChildren(
      ...newestFirst.map((c) => {
        const state = badge(callBadge[c.state], c.endReason ? `ended: ${c.endReason}` : undefined);
        return h(
          'tr',
          { 'data-state': c.state, 'aria-label': `Call ${c.id}` },
          h(
            'td',
            { class: 'mono' },
            c.id,
            c.direction === 'outbound' ? h('span', { class: 'hint' }, ' out') : null,
          ),
          h('td', {}, state, c.endReason ? h('span', { class: 'hint' }, ` ${c.endReason}`) : null),
          h('td', {}, c.skillId),
          h('td', { class: 'mono' }, c.customer),
          h('td', {}, c.agent ?? '—'),
          h('td', { class: 'mono' }, clockTime(c.queuedAt, utcOffsetMin(c.queuedAt)).slice(0, 8)),
          h(
            'td',
            {},
            c.state === 'ended' ? null : h('button', { type: 'button', onclick: () => hangup(c) }, 'Hang up'),
          ),
        );
      }),
    );
  };

  const refresh = coalesce(async () => {
    const t = app.tenant();
    if (!t) return;
    const r = await send(() => control.calls.$get({ query: { tenant: t.tenantSpaceId } }));
    if (r.ok && app.tenant()?.tenantSpaceId === t.tenantSpaceId) render(r.value.calls);
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const t = app.tenant();
    if (!t) return;
    const built = callFromFields(fieldsOf(form), t.tenantSpaceId);
    if (!built.ok) return say(alertOf(form), built.message);
    const r = await send(() => control.calls.$post({ json: built.body as never }));
    say(alertOf(form), r.ok ? undefined : problem(r));
    refresh();
  });

  return {
    show(t) {
      body.replaceChildren();
      say(error, undefined);
      skill.replaceChildren(
        ...(t?.config.skills ?? []).map((s) => h('option', { value: s.id }, `${s.id} ${s.name}`)),
      );
      if (t) refresh();
    },
    entry(e) {
      if (
        (e.kind === 'state' && e.entity === 'call') ||
        (e.kind === 'control' && /^(call|tenant)\./.test(e.action))
      )
        refresh();
    },
  };
}
