import {
  type IllegalMove,
  type Moves,
  transitionFunction,
} from '../../infrastructure/primitives/state-machine.ts';

/**
 * The call model (docs/decisions/007-call-model.md): a call is parties joined
 * in bridges. The customer, agents and outside numbers are parties; parties
 * talking in one bridge hear each other (a muted party is heard by nobody); a
 * held party is in no bridge and hears the hold tone, and remembers who holds
 * it. Hold, transfer, consult and three-party are moves of this model, pure
 * functions from one model to the next that refuse what the vendor refuses
 * with a typed problem; the ACD applies them through the CallBook and the SIP
 * side makes what `hearing` and `legDirection` say happen on the wire.
 *
 * One party's states:
 *
 * ```
 *   waiting ─────────── connect (an agent answered for it) ──────────────┐
 *   (the customer in the   │                                             │
 *    queue or being dialled)│ ring (Call Out dials the customer)         ▼
 *                          ▼                                          talking ◄──┐
 *   alerting ──── answer ─────────────────────────────────────────────►  │  │    │ take back
 *   (its phone rings)                                                     │  │    │ (gethold,
 *      │                                                           hold  │  │    │  connecthold,
 *      │ declined, no answer, gone                                       ▼  │    │  complete)
 *      │                                                               held ─────┘
 *      │                                  release transfer to a queue:   │  │
 *      │                                  talking | held ──► waiting     │  │
 *      ▼                                                                 ▼  ▼
 *    gone ◄─────────────────────── leave (hang up, transferred away) ───────
 * ```
 *
 * A bridge is a name shared by the parties talking in it; an alerting party
 * names the party it will join (`toward`) and, for a success transfer, the
 * party it takes over from (`replaces`), who leaves when it answers.
 */
export type PartyState = 'waiting' | 'alerting' | 'talking' | 'held' | 'gone';

export type PartyKind = 'customer' | 'agent' | 'outside' | 'ivr';

export interface Party {
  /** Unique in the call: "customer", "agent 101", "outside 5551234" (then " #2", " #3" if it comes back). */
  readonly id: string;
  readonly kind: PartyKind;
  /** The customer's or outside number; an agent's workNo as text. */
  readonly number: string;
  /** The agent's workNo. */
  readonly workNo?: number;
  readonly state: PartyState;
  /** Talking: the bridge it talks in. */
  readonly bridge?: string;
  /** Held: the party who holds it. */
  readonly heldBy?: string;
  /** Alerting: the party it joins when it answers (none: it talks alone at first, as Call Out's agent). */
  readonly toward?: string;
  /** Alerting: the party that leaves when it answers (a success transfer). */
  readonly replaces?: string;
  /** Talking but heard by nobody (beginmute); kept across hold. */
  readonly muted: boolean;
}

export interface CallModel {
  readonly parties: readonly Party[];
  /** The next bridge's number: bridges are named "b1", "b2"… in the order they form. */
  readonly nextBridge: number;
}

/** Who a new party is. */
export type NewParty =
  | { kind: 'customer'; number: string }
  | { kind: 'agent'; workNo: number }
  | { kind: 'outside'; number: string }
  /** An IVR flow, by its access code (a transfer, devicetype 3). */
  | { kind: 'ivr'; number: string };

const partyMoves: Moves<PartyState> = {
  waiting: ['alerting', 'talking', 'gone'],
  alerting: ['talking', 'gone'],
  talking: ['held', 'waiting', 'gone'],
  held: ['talking', 'waiting', 'gone'],
  gone: [],
};

/** The party machine's one transition function. */
export const moveParty = transitionFunction('illegal-party-move', partyMoves);

/** Why the model refused a move: the caller maps each to the vendor's retcode. */
export type ModelProblem =
  | IllegalMove<'illegal-party-move', PartyState>
  | { code: 'no-such-party'; party: string }
  /** The acting party is not talking (it must be, to hold, mute, consult or transfer). */
  | { code: 'not-talking'; party: string }
  /** Nobody to hold: the acting party talks alone. */
  | { code: 'nobody-to-hold'; party: string }
  /** Take back, complete or cancel: the acting party holds nobody. */
  | { code: 'holds-nobody'; party: string }
  /** Complete or cancel a consult: nobody consulted. */
  | { code: 'not-consulting'; party: string }
  /** A party already in the call (talking, held, alerting) cannot be added again. */
  | { code: 'already-in-call'; party: string }
  | { code: 'already-muted'; party: string }
  | { code: 'not-muted'; party: string };

export type ModelResult = { ok: true; model: CallModel } | { ok: false; problem: ModelProblem };

// ── reading the model ──────────────────────────────────────────────────────

export function party(model: CallModel, id: string): Party | undefined {
  return model.parties.find((p) => p.id === id);
}

/** The party an agent is in the call as, while it is not gone. */
export function agentParty(model: CallModel, workNo: number): Party | undefined {
  return model.parties.find((p) => p.workNo === workNo && p.state !== 'gone');
}

/** The call's customer; an internal call (agent to agent) has none. */
export function customerOf(model: CallModel): Party | undefined {
  return model.parties.find((p) => p.kind === 'customer');
}

/** The parties talking in a bridge. */
export function bridgeOf(model: CallModel, bridge: string | undefined): Party[] {
  return bridge === undefined
    ? []
    : model.parties.filter((p) => p.state === 'talking' && p.bridge === bridge);
}

/** The parties a party holds. */
export function heldBy(model: CallModel, holder: string): Party[] {
  return model.parties.filter((p) => p.state === 'held' && p.heldBy === holder);
}

/** What a party hears: the others talking in its bridge (unmuted), or a tone. */
export type Heard =
  | { kind: 'parties'; ids: string[] }
  | { kind: 'hold-tone' }
  /** Waiting in the queue, or talking alone while the other side rings. */
  | { kind: 'ringback' }
  | { kind: 'silence' };

export function hearing(model: CallModel, id: string): Heard {
  const p = party(model, id);
  if (!p || p.state === 'gone' || p.state === 'alerting') return { kind: 'silence' };
  if (p.state === 'held') return { kind: 'hold-tone' };
  if (p.state === 'waiting') return { kind: 'ringback' };
  const others = bridgeOf(model, p.bridge).filter((o) => o.id !== id);
  if (others.length === 0) return heldBy(model, id).length > 0 ? { kind: 'silence' } : { kind: 'ringback' };
  return { kind: 'parties', ids: others.filter((o) => !o.muted).map((o) => o.id) };
}

/**
 * The media direction of a party's leg as the CEC offers it: `inactive` while
 * the party is held, or talks alone because it holds someone (the agent's
 * phone is told of its hold); else `sendrecv`. Mute is applied in the CEC's
 * media, not on the leg. [choice]
 */
export function legDirection(model: CallModel, id: string): 'sendrecv' | 'inactive' {
  const p = party(model, id);
  if (!p) return 'inactive';
  if (p.state === 'held') return 'inactive';
  if (p.state === 'talking' && bridgeOf(model, p.bridge).length === 1 && heldBy(model, id).length > 0)
    return 'inactive';
  return 'sendrecv';
}

// ── the moves ──────────────────────────────────────────────────────────────

/** A new call: its customer waits (in the queue, or to be dialled by Call Out). */
export function openCall(customerNumber: string): CallModel {
  return {
    parties: [{ id: 'customer', kind: 'customer', number: customerNumber, state: 'waiting', muted: false }],
    nextBridge: 1,
  };
}

/**
 * An internal call (`callinner`): no customer. The calling agent rings first
 * (its own phone, as in Call Out), then the called agent rings toward it.
 */
export function openInternalCall(): CallModel {
  return { parties: [], nextBridge: 1 };
}

/**
 * A party's phone rings: a new party (an offered agent, a consulted agent, an
 * outside number), or the waiting customer that Call Out dials. `toward` is
 * the party it will talk to; `replaces` leaves when it answers.
 */
export function ring(
  model: CallModel,
  who: NewParty | { id: string },
  opts: { toward?: string; replaces?: string } = {},
): ModelResult & { id?: string } {
  for (const other of [opts.toward, opts.replaces]) {
    if (other !== undefined && !live(model, other)) return fail('no-such-party', other);
  }
  if ('id' in who) {
    const p = party(model, who.id);
    if (!p) return fail('no-such-party', who.id);
    const moved = change(model, p, 'alerting', { toward: opts.toward, replaces: opts.replaces });
    return moved.ok ? { ...moved, id: p.id } : moved;
  }
  const number = who.kind === 'agent' ? String(who.workNo) : who.number;
  const base = `${who.kind} ${number}`;
  const present = model.parties.find((p) => p.id.split(' #')[0] === base && p.state !== 'gone');
  if (present) return fail('already-in-call', present.id);
  const n = model.parties.filter((p) => p.id.split(' #')[0] === base).length;
  const id = n === 0 ? base : `${base} #${n + 1}`;
  const added: Party = {
    id,
    kind: who.kind,
    number,
    ...(who.kind === 'agent' ? { workNo: who.workNo } : {}),
    state: 'alerting',
    ...(opts.toward !== undefined ? { toward: opts.toward } : {}),
    ...(opts.replaces !== undefined ? { replaces: opts.replaces } : {}),
    muted: false,
  };
  return { ok: true, model: { ...model, parties: [...model.parties, added] }, id };
}

/**
 * A ringing party answers: it talks with the party it was rung toward (in
 * that party's bridge, or a new bridge for both when that one waits or
 * rings), or alone in a new bridge. A party it replaces leaves.
 */
export function answer(model: CallModel, id: string): ModelResult {
  const p = party(model, id);
  if (!p) return fail('no-such-party', id);
  if (p.state !== 'alerting') return illegal(p, 'talking');
  const toward = p.toward === undefined ? undefined : party(model, p.toward);
  let m = model;
  let bridge: string;
  if (toward?.state === 'talking' && toward.bridge !== undefined) bridge = toward.bridge;
  else {
    [m, bridge] = newBridge(m);
    if (toward && (toward.state === 'waiting' || toward.state === 'alerting')) {
      m = set(m, toward.id, { state: 'talking', bridge, toward: undefined, replaces: undefined });
    }
  }
  m = set(m, id, { state: 'talking', bridge, toward: undefined, replaces: undefined });
  if (p.replaces !== undefined && live(m, p.replaces)) {
    const left = leave(m, p.replaces);
    if (!left.ok) return left;
    m = left.model;
  }
  return { ok: true, model: m };
}

/** The waiting customer is connected to a party that talks (kept for symmetry with answer). */
export function connect(model: CallModel, id: string, to: string): ModelResult {
  const p = party(model, id);
  const t = party(model, to);
  if (!p) return fail('no-such-party', id);
  if (!t) return fail('no-such-party', to);
  if (t.state !== 'talking') return fail('not-talking', to);
  return change(model, p, 'talking', { bridge: t.bridge, heldBy: undefined });
}

/**
 * A party leaves the call (hangs up, declined, transferred away). Parties it
 * held stay held by it: the caller decides whether the call ends or someone
 * takes them back.
 */
export function leave(model: CallModel, id: string): ModelResult {
  const p = party(model, id);
  if (!p) return fail('no-such-party', id);
  if (p.state === 'gone') return { ok: true, model };
  return change(model, p, 'gone', {
    bridge: undefined,
    heldBy: undefined,
    toward: undefined,
    replaces: undefined,
    muted: false,
  });
}

/**
 * `hold`: the acting party puts the others in its bridge on hold — in a
 * two-party call the customer, who hears the hold tone while the agent talks
 * to nobody. Refused when it is not talking, or talks alone.
 */
export function hold(model: CallModel, by: string): ModelResult {
  const p = party(model, by);
  if (!p) return fail('no-such-party', by);
  if (p.state !== 'talking') return fail('not-talking', by);
  const others = bridgeOf(model, p.bridge).filter((o) => o.id !== by);
  if (others.length === 0) return fail('nobody-to-hold', by);
  let m = model;
  for (const o of others) m = set(m, o.id, { state: 'held', bridge: undefined, heldBy: by });
  return { ok: true, model: m };
}

/**
 * Take back (`gethold`, `connecthold`): the parties the acting party holds
 * talk again in its bridge — with whoever is there (a consulted agent: that is
 * a three-party call).
 */
export function takeBack(model: CallModel, by: string, only?: string): ModelResult {
  const p = party(model, by);
  if (!p) return fail('no-such-party', by);
  if (p.state !== 'talking') return fail('not-talking', by);
  const held = heldBy(model, by).filter((h) => only === undefined || h.id === only);
  if (held.length === 0) return fail('holds-nobody', by);
  let m = model;
  for (const h of held) m = set(m, h.id, { state: 'talking', bridge: p.bridge, heldBy: undefined });
  return { ok: true, model: m };
}

/** `beginmute`: the others stop hearing the party. */
export function mute(model: CallModel, id: string): ModelResult {
  const p = party(model, id);
  if (!p) return fail('no-such-party', id);
  if (p.state !== 'talking') return fail('not-talking', id);
  if (p.muted) return fail('already-muted', id);
  return { ok: true, model: set(model, id, { muted: true }) };
}

/** `endmute`: the others hear the party again. */
export function unmute(model: CallModel, id: string): ModelResult {
  const p = party(model, id);
  if (!p) return fail('no-such-party', id);
  if (p.state !== 'talking') return fail('not-talking', id);
  if (!p.muted) return fail('not-muted', id);
  return { ok: true, model: set(model, id, { muted: false }) };
}

/**
 * Consult (`innerhelp`): the acting party holds the others in its bridge
 * (unless it holds them already) and the consulted party rings toward it.
 */
export function consult(model: CallModel, by: string, target: NewParty): ModelResult & { id?: string } {
  const p = party(model, by);
  if (!p) return fail('no-such-party', by);
  if (p.state !== 'talking') return fail('not-talking', by);
  let m = model;
  if (bridgeOf(m, p.bridge).length > 1) {
    const held = hold(m, by);
    if (!held.ok) return held;
    m = held.model;
  } else if (heldBy(m, by).length === 0) return fail('nobody-to-hold', by);
  return ring(m, target, { toward: by });
}

/** The party the acting party consults: ringing toward it, or talking with it while it holds someone. */
export function consulted(model: CallModel, by: string): Party | undefined {
  const p = party(model, by);
  if (!p || heldBy(model, by).length === 0) return undefined;
  return (
    model.parties.find((o) => o.state === 'alerting' && o.toward === by) ??
    bridgeOf(model, p.bridge).find((o) => o.id !== by)
  );
}

/** Complete a consult as a three-party call (`confjoin`): the held parties join the consult's bridge. */
export function completeAsConference(model: CallModel, by: string): ModelResult {
  const c = consulted(model, by);
  if (c?.state !== 'talking') return fail('not-consulting', by);
  return takeBack(model, by);
}

/** Complete a consult as a transfer: the held parties join the consulted party and the acting party leaves. */
export function completeAsTransfer(model: CallModel, by: string): ModelResult {
  const c = consulted(model, by);
  if (c?.state !== 'talking') return fail('not-consulting', by);
  const back = takeBack(model, by);
  return back.ok ? leave(back.model, by) : back;
}

/** Cancel a consult: the consulted party leaves (or stops ringing) and the acting party takes back. */
export function cancelConsult(model: CallModel, by: string): ModelResult {
  const c = consulted(model, by);
  if (!c) return fail('not-consulting', by);
  const left = leave(model, c.id);
  return left.ok ? takeBack(left.model, by) : left;
}

/**
 * Transfer the others of the acting party's call to a new party. `release`:
 * the acting party leaves at once and the others wait (hear ringback) until
 * the new party answers; `success`: the new party rings while the acting
 * party stays, and it leaves when the new party answers. A release transfer to
 * a skill queue passes no target: the customer waits in the queue again.
 */
export function transfer(
  model: CallModel,
  by: string,
  target: NewParty | undefined,
  mode: 'release' | 'success',
): ModelResult & { id?: string } {
  const p = party(model, by);
  if (!p) return fail('no-such-party', by);
  if (p.state !== 'talking') return fail('not-talking', by);
  const customer = customerOf(model);
  if (!customer) return fail('no-such-party', 'customer');
  if (customer.state !== 'talking' && customer.state !== 'held') return fail('not-talking', customer.id);
  if (mode === 'success') {
    if (!target) return fail('no-such-party', 'target');
    return ring(model, target, { toward: customer.id, replaces: by });
  }
  let m = model;
  const waiting = change(m, customer, 'waiting', { bridge: undefined, heldBy: undefined });
  if (!waiting.ok) return waiting;
  const left = leave(waiting.model, by);
  if (!left.ok) return left;
  m = left.model;
  return target ? ring(m, target, { toward: customer.id }) : { ok: true, model: m };
}

/**
 * Suspend transfer to an IVR flow (devicetype 3, mode 1): the customer leaves
 * the acting agent's bridge for a new one with the flow, which answers at
 * once; the agent stays in the call, talking to nobody, until the flow hands
 * the customer back (`returnFromIvr`).
 */
export function suspendToIvr(
  model: CallModel,
  by: string,
  accessCode: string,
): ModelResult & { id?: string } {
  const p = party(model, by);
  if (!p) return fail('no-such-party', by);
  if (p.state !== 'talking') return fail('not-talking', by);
  const customer = customerOf(model);
  if (customer?.state !== 'talking' || customer.bridge !== p.bridge) return fail('not-talking', 'customer');
  const rung = ring(model, { kind: 'ivr', number: accessCode }, { toward: customer.id });
  if (!rung.ok || rung.id === undefined) return rung;
  const [m, bridge] = newBridge(rung.model);
  const moved = set(set(m, customer.id, { bridge }), rung.id, {
    state: 'talking',
    bridge,
    toward: undefined,
  });
  return { ok: true, model: moved, id: rung.id };
}

/** The IVR flow hands the customer back to the agent who suspended the call: the flow leaves, the customer talks with the agent again. */
export function returnFromIvr(model: CallModel, by: string): ModelResult {
  const p = party(model, by);
  if (!p) return fail('no-such-party', by);
  if (p.state !== 'talking') return fail('not-talking', by);
  const customer = customerOf(model);
  const ivr = model.parties.find((o) => o.kind === 'ivr' && o.state === 'talking');
  if (!ivr || customer?.state !== 'talking' || customer.bridge !== ivr.bridge)
    return fail('not-consulting', by);
  const left = leave(model, ivr.id);
  return left.ok ? { ok: true, model: set(left.model, customer.id, { bridge: p.bridge }) } : left;
}

// ── helpers ────────────────────────────────────────────────────────────────

function live(model: CallModel, id: string): boolean {
  const p = party(model, id);
  return p !== undefined && p.state !== 'gone';
}

function change(
  model: CallModel,
  p: Party,
  to: PartyState,
  fields: Partial<Omit<Party, 'id' | 'kind' | 'number' | 'workNo' | 'state'>> = {},
): ModelResult {
  const move = moveParty(p.state, to);
  if (!move.ok) return { ok: false, problem: move.error };
  return { ok: true, model: set(model, p.id, { ...fields, state: to }) };
}

/** Replace a party's fields; `undefined` removes a field. */
function set(model: CallModel, id: string, fields: Partial<Omit<Party, 'id'>>): CallModel {
  return {
    ...model,
    parties: model.parties.map((p) => {
      if (p.id !== id) return p;
      const next: Record<string, unknown> = { ...p, ...fields };
      for (const [k, v] of Object.entries(next)) if (v === undefined) delete next[k];
      return next as unknown as Party;
    }),
  };
}

function newBridge(model: CallModel): [CallModel, string] {
  return [{ ...model, nextBridge: model.nextBridge + 1 }, `b${model.nextBridge}`];
}

function fail(
  code: Exclude<ModelProblem['code'], 'illegal-party-move'>,
  p: string,
): { ok: false; problem: ModelProblem } {
  return { ok: false, problem: { code, party: p } as ModelProblem };
}

function illegal(p: Party, to: PartyState): { ok: false; problem: ModelProblem } {
  return { ok: false, problem: { code: 'illegal-party-move', from: p.state, to } };
}

/** The parties whose state, bridge, holder or mute differ between two models, for the journal. */
export function changedParties(before: CallModel, after: CallModel): { from?: Party; to: Party }[] {
  const out: { from?: Party; to: Party }[] = [];
  for (const to of after.parties) {
    const from = party(before, to.id);
    if (
      !from ||
      from.state !== to.state ||
      from.bridge !== to.bridge ||
      from.heldBy !== to.heldBy ||
      from.muted !== to.muted
    )
      out.push(from ? { from, to } : { to });
  }
  return out;
}

/** One party's situation in words, for the journal: "talking in b1", "held by agent 101", "talking in b1, muted". */
export function describeParty(p: Party): string {
  const where =
    p.state === 'talking'
      ? `talking in ${p.bridge}`
      : p.state === 'held'
        ? `held by ${p.heldBy}`
        : p.state === 'alerting' && p.toward !== undefined
          ? `alerting toward ${p.toward}`
          : p.state;
  return p.muted ? `${where}, muted` : where;
}
