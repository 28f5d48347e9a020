import {
  type IllegalMove,
  type Move,
  type Moves,
  transitionFunction,
} from '../../infrastructure/primitives/state-machine.ts';

/**
 * A customer call's state, one machine for both directions.
 *
 * ```
 *  inbound:  queued ──offer──► offering ──answered──► talking ──release──► ended
 *              ▲                  │
 *              └── no answer, ────┤ (re-queued for another agent)
 *                  rejected       │
 *  outbound:              offering ──agent answered──► dialing ──customer answered──► talking
 *  (Call Out: the agent's      │                         │
 *   phone rings first)         └──────── fail ───────────┴──────────► ended
 *
 *  queued, offering, dialing ── customer gave up / queue cleared / agent signed out ──► ended
 *
 *  transfer:  talking ──release transfer to an agent──► offering (the next agent rings)
 *             talking ──release transfer to a queue───► queued   (the ACD offers it again)
 *  internal:  offering (the caller's phone) ──► dialing (the called agent's) ──► talking ──► ended
 * ```
 */
export type CallState = 'queued' | 'offering' | 'dialing' | 'talking' | 'ended';

const moves: Moves<CallState> = {
  queued: ['offering', 'ended'],
  offering: ['queued', 'dialing', 'talking', 'ended'],
  dialing: ['talking', 'ended'],
  talking: ['offering', 'queued', 'ended'],
  ended: [],
};

export type IllegalCallMove = IllegalMove<'illegal-call-move', CallState>;
export type CallMove = Move<'illegal-call-move', CallState>;

/** The one transition function of the call machine. */
export const moveCall = transitionFunction('illegal-call-move', moves);

/** Why a call ended, for the journal and the control API. */
export type CallEndReason =
  | 'agent-hangup'
  | 'customer-hangup'
  | 'abandoned' // the customer gave up before an agent answered
  | 'queue-full'
  | 'busy' // Call Out: the customer's line was busy
  | 'no-answer' // Call Out: nobody answered
  | 'unreachable' // Call Out: the agent's own phone could not be reached
  | 'signed-out' // the agent was signed out during the call
  | 'failed' // the connected call broke: the agent's phone lost its connection
  | 'transferred-out' // transferred to an outside number, which answered: the call left the contact center
  | 'rejected' // an internal call: the called agent declined
  | 'reset';
