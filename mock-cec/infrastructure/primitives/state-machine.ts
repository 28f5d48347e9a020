/**
 * Explicit state machines: a table of the moves each state allows, and one
 * transition function that refuses every other move with a typed error.
 */
export type Moves<S extends string> = Readonly<Record<S, readonly S[]>>;

export interface IllegalMove<C extends string, S extends string> {
  code: C;
  from: S;
  to: S;
}

export type Move<C extends string, S extends string> =
  | { ok: true; to: S }
  | { ok: false; error: IllegalMove<C, S> };

export function transitionFunction<C extends string, S extends string>(code: C, moves: Moves<S>) {
  return (from: S, to: S): Move<C, S> =>
    moves[from].includes(to) ? { ok: true, to } : { ok: false, error: { code, from, to } };
}
