/**
 * Fault rules of the picked tenant: counters, remove one, clear all; add one
 * from a small form (API names from the OpenAPI description) or from JSON.
 */
import { call, control, problem } from './api.ts';
import { alertOf, byId, coalesce, fieldsOf, h, say } from './dom.ts';
import { faultGates, faultTarget } from './format.ts';
import { type FaultActionChoice, faultActions, faultFromFields, faultFromJson } from './forms.ts';
import type { Console, Panel } from './panel.ts';
import type { FaultView } from './views.ts';

/** The vendor's API names by group, from /__mock/openapi.json (the control API's own and alternative spellings left out). */
async function vendorApis(): Promise<Map<string, string[]>> {
  const r = await call(() => control['openapi.json'].$get());
  const groups = new Map<string, string[]>();
  if (!r.ok) return groups;
  for (const ops of Object.values(r.value.paths)) {
    for (const op of Object.values(ops)) {
      const group = op.tags?.[0] ?? 'Other';
      if (group === 'Control (simulator)' || /_alt\d+$/.test(op.operationId)) continue;
      const names = groups.get(group) ?? [];
      if (!names.includes(op.operationId)) names.push(op.operationId);
      groups.set(group, names);
    }
  }
  return groups;
}

export function faultsPanel(app: Console): Panel {
  const body = byId('faults-body');
  const form = byId<HTMLFormElement>('fault-form');
  const jsonForm = byId<HTMLFormElement>('fault-json-form');
  const action = byId<HTMLSelectElement>('fault-action');
  const apiSelect = byId<HTMLSelectElement>('fault-api');
  let shown = 0;

  void vendorApis().then((groups) => {
    for (const [group, names] of groups) {
      apiSelect.append(h('optgroup', { label: group }, ...names.map((n) => h('option', { value: n }, n))));
    }
  });

  // The value field follows the action: its label names what it is, and it hides when there is none.
  const followAction = () => {
    const label = faultActions[action.value as FaultActionChoice];
    byId('fault-value-field').hidden = !label;
    byId('fault-value-name').textContent = label ?? '';
    byId<HTMLInputElement>('fault-value').value =
      action.value === 'status'
        ? '500'
        : action.value === 'retcode'
          ? '100-006'
          : action.value === 'delay'
            ? '1000'
            : '';
  };
  action.addEventListener('change', followAction);

  const tenantId = () => app.tenant()?.tenantSpaceId;

  const render = (faults: FaultView[]) => {
    shown = faults.length;
    body.replaceChildren(
      ...faults.map((f) =>
        h(
          'tr',
          { 'aria-label': `Fault ${f.id}` },
          h('td', { class: 'mono' }, f.id),
          h('td', {}, faultTarget(f)),
          h('td', {}, f.actionText),
          h('td', {}, faultGates(f)),
          h('td', { class: 'num' }, f.matched),
          h('td', { class: 'num' }, f.applied),
          h('td', {}, h('button', { type: 'button', onclick: () => remove(f.id) }, 'Remove')),
        ),
      ),
    );
    if (faults.length === 0)
      body.append(h('tr', {}, h('td', { colspan: 7, class: 'empty' }, 'No fault rules.')));
  };

  const refresh = coalesce(async () => {
    const id = tenantId();
    if (!id) return;
    const r = await call(() => control.faults.$get({ query: { tenant: id } }));
    if (r.ok && tenantId() === id) render(r.value.faults);
  });

  const remove = async (id: string) => {
    const r = await call(() => control.faults[':id'].$delete({ param: { id } }));
    say(alertOf(form), r.ok ? undefined : problem(r));
    refresh();
  };

  byId('faults-clear').addEventListener('click', async () => {
    const id = tenantId();
    if (!id) return;
    const r = await call(() => control.faults.$delete({ query: { tenant: id } }));
    say(alertOf(form), r.ok ? undefined : problem(r));
    refresh();
  });

  const add = async (target: HTMLFormElement, body: unknown) => {
    // Pasted text is sent as the JSON it holds; text that is none gets the server's own words for it.
    const json = typeof body === 'string' ? parseJson(body) : { ok: true as const, value: body };
    if (!json.ok) {
      say(alertOf(target), problem({ code: 'bad-json', message: 'The request body is not valid JSON' }));
      return false;
    }
    const r = await call(() => control.faults.$post({ json: json.value as never }));
    say(alertOf(target), r.ok ? undefined : problem(r));
    if (r.ok) refresh();
    return r.ok;
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const id = tenantId();
    if (!id) return;
    const built = faultFromFields(fieldsOf(form), id);
    if (!built.ok) return say(alertOf(form), built.message);
    await add(form, built.body);
  });
  jsonForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const id = tenantId();
    const textarea = byId<HTMLTextAreaElement>('fault-json');
    if (id && (await add(jsonForm, faultFromJson(textarea.value, id)))) textarea.value = '';
  });

  return {
    show(t) {
      body.replaceChildren();
      say(alertOf(form), undefined);
      say(alertOf(jsonForm), undefined);
      if (t) refresh();
    },
    entry(e) {
      const counts =
        e.kind === 'fault' || (e.kind === 'http' && shown > 0) || (e.kind === 'sip' && shown > 0);
      if (counts || (e.kind === 'control' && /^(fault|tenant)\./.test(e.action))) refresh();
    },
  };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
