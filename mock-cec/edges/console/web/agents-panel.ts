/**
 * The picked tenant's agents, live: state badge, softphone, current call.
 * Refreshed when the journal shows an agent, session, registration or call
 * change, never on a timer.
 */
import { call, control } from './api.ts';
import { badge, byId, coalesce, h } from './dom.ts';
import { agentBadge, clockTime } from './format.ts';
import { type Console, type Panel, utcOffsetMin } from './panel.ts';
import type { AgentView } from './views.ts';

const WATCHED = new Set(['agent', 'session', 'registration', 'call']);

export function agentsPanel(app: Console): Panel {
  const body = byId('agents-body');

  const render = (agents: AgentView[]) => {
    const sipOf = new Map(app.tenant()?.config.agents.map((a) => [a.workNo, a.sipAccount]));
    body.replaceChildren(
      ...agents.map((a) => {
        const phone = a.phonenum ?? sipOf.get(a.workNo) ?? '';
        return h(
          'tr',
          { 'data-state': a.state },
          h('td', {}, a.workNo),
          h('td', {}, a.accountCode),
          h(
            'td',
            {},
            h('span', { class: 'mono' }, phone),
            ' ',
            // Whether the phone signed in with is registered; a signed-out agent has none (see Softphones).
            a.phonenum === null
              ? null
              : a.registered
                ? h('span', { class: 'dot on' }, 'registered')
                : h('span', { class: 'dot' }, 'not registered'),
          ),
          h('td', {}, badge(agentBadge[a.state], `vendor state ${a.stateCode}`)),
          h('td', { class: 'mono' }, clockTime(a.since, utcOffsetMin(a.since)).slice(0, 8)),
          h('td', { class: 'mono' }, a.callId ?? (a.afterCall ? `after call: ${a.afterCall}` : '')),
        );
      }),
    );
  };

  const refresh = coalesce(async () => {
    const t = app.tenant();
    if (!t) return;
    const r = await call(() => control.tenants[':id'].agents.$get({ param: { id: t.tenantSpaceId } }));
    if (r.ok && app.tenant()?.tenantSpaceId === t.tenantSpaceId) render(r.value.agents);
  });

  return {
    show(t) {
      body.replaceChildren();
      if (t) refresh();
    },
    entry(e) {
      if (
        (e.kind === 'state' && WATCHED.has(e.entity)) ||
        e.kind === 'event' ||
        (e.kind === 'control' && /^(call|tenant)\./.test(e.action))
      )
        refresh();
    },
  };
}
