/**
 * A simulated customer's call leg, in either direction:
 *
 *   calling ──1xx / 180 sent──▶ ringing ──2xx+ACK──▶ answered ──BYE──▶ ended
 *      │                           │
 *      └───────────────────────────┴──final ≥ 300 / CANCEL / failure──▶ ended
 *
 * (A 2xx without a provisional goes from calling to answered.)
 */
export type LegState = 'calling' | 'ringing' | 'answered' | 'ended';
export type LegMove = 'ring' | 'answer' | 'end';

const moves: Record<LegState, Partial<Record<LegMove, LegState>>> = {
  calling: { ring: 'ringing', answer: 'answered', end: 'ended' },
  ringing: { ring: 'ringing', answer: 'answered', end: 'ended' },
  answered: { end: 'ended' },
  ended: {},
};

export type LegTransition =
  | { readonly ok: true; readonly state: LegState }
  | {
      readonly ok: false;
      readonly error: { readonly code: 'illegal-move'; readonly from: LegState; readonly move: LegMove };
    };

export function legTransition(from: LegState, move: LegMove): LegTransition {
  const to = moves[from][move];
  return to ? { ok: true, state: to } : { ok: false, error: { code: 'illegal-move', from, move } };
}
