/**
 * From the console's forms to control API bodies: pure, so that what a click
 * sends is tested without a browser (forms.test.ts). Only the form's own
 * shape is checked here (a number where a number goes); the control API
 * judges the values and its error is shown as it is.
 */

export type Built<T> = { ok: true; body: T } | { ok: false; message: string };

/** Form values by field name, as FormData gives them. */
export type Fields = Readonly<Record<string, string | undefined>>;

const text = (f: Fields, name: string) => (f[name] ?? '').trim();

/** An optional number field: undefined when empty, NaN when not a number. */
function num(f: Fields, name: string): number | undefined {
  const v = text(f, name);
  return v === '' ? undefined : Number(v);
}

function numbers(f: Fields, labels: Record<string, string>): Built<Record<string, number | undefined>> {
  const out: Record<string, number | undefined> = {};
  for (const [name, label] of Object.entries(labels)) {
    const n = num(f, name);
    if (Number.isNaN(n)) return { ok: false, message: `${label} must be a number` };
    out[name] = n;
  }
  return { ok: true, body: out };
}

/** The action each choice of the fault form stands for, and the label of its one value. */
export const faultActions = {
  status: 'HTTP status',
  retcode: 'Retcode',
  delay: 'Delay (ms)',
  drop: undefined,
  'expire-tokens': undefined,
  malformed: undefined,
} as const satisfies Record<string, string | undefined>;

export type FaultActionChoice = keyof typeof faultActions;

/** The fault form (api, action, value, nth, times, probability) as a rule for POST /__mock/faults. */
export function faultFromFields(f: Fields, tenant: string): Built<Record<string, unknown>> {
  const action = text(f, 'action') as FaultActionChoice;
  if (!(action in faultActions)) return { ok: false, message: `unknown action "${action}"` };
  const n = numbers(f, { nth: 'nth', times: 'times', probability: 'probability' });
  if (!n.ok) return n;
  const value = text(f, 'value');
  const label = faultActions[action];
  if (label && value === '') return { ok: false, message: `${label} is needed for ${action}` };
  const asNumber = Number(value);
  if (label && action !== 'retcode' && !Number.isFinite(asNumber))
    return { ok: false, message: `${label} must be a number` };
  const act =
    action === 'status'
      ? { do: 'status', status: asNumber }
      : action === 'retcode'
        ? { do: 'retcode', retcode: value }
        : action === 'delay'
          ? { do: 'delay', ms: asNumber }
          : { do: action };
  const api = text(f, 'api');
  return {
    ok: true,
    body: defined({ tenant, api: api || undefined, ...n.body, action: act }),
  };
}

/**
 * Pasted JSON for POST /__mock/faults: a rule that names no tenant gets the
 * picked one (so it shows in the list). Anything else is sent exactly as
 * pasted, so that the control API's own error explains it.
 */
export function faultFromJson(pasted: string, tenant: string): string {
  let value: unknown;
  try {
    value = JSON.parse(pasted);
  } catch {
    return pasted;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || 'tenant' in value) return pasted;
  return JSON.stringify({ tenant, ...value });
}

/** The place-a-call form as a body for POST /__mock/calls; seconds in the form, ms in the API. */
export function callFromFields(f: Fields, tenant: string): Built<Record<string, unknown>> {
  const n = numbers(f, {
    skillId: 'Skill',
    answerAfterSec: 'Answer after',
    hangupAfterSec: 'Hang up after',
  });
  if (!n.ok) return n;
  const ms = (s: number | undefined) => (s === undefined ? undefined : Math.round(s * 1000));
  return {
    ok: true,
    body: defined({
      tenant,
      skillId: n.body.skillId,
      from: text(f, 'from') || undefined,
      to: text(f, 'to') || undefined,
      behaviour: defined({
        answer: text(f, 'answer') || undefined,
        answerAfterMs: ms(n.body.answerAfterSec),
        hangupAfterMs: ms(n.body.hangupAfterSec),
        source: text(f, 'source') ? { kind: text(f, 'source') } : undefined,
        mode: text(f, 'mode') || undefined,
      }),
    }),
  };
}

/** The tenant form as a body for POST /__mock/tenants. */
export function tenantFromFields(f: Fields): Built<Record<string, unknown>> {
  const n = numbers(f, { seed: 'Seed', agents: 'Agents', workNoStart: 'First workNo' });
  return n.ok ? { ok: true, body: defined(n.body) } : n;
}

/** The object without its undefined fields (the control API's schemas are strict). */
function defined<T extends Record<string, unknown>>(o: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
