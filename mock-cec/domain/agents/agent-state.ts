import {
  type IllegalMove,
  type Move,
  type Moves,
  transitionFunction,
} from '../../infrastructure/primitives/state-machine.ts';

/**
 * An agent's state, as the CTI sees it. The vendor's codes (docs/vendor/agent-gateway.md):
 * 2 signed out, 3 busy (not ready), 4 idle (ready), 5 wrap-up (work),
 * 7 talking, 8 rest. The simulator adds the two phases of a call before talk:
 * `ringing` (the agent's phone alerts) and `dialing` (Call Out: the agent's
 * phone is off hook, the customer's rings). Both report code 7, "occupied by a
 * call", since the vendor has no code of their own for them. [choice]
 *
 * ```
 *                  sign in (status 4 | 3 | 5)
 *   signed-out ─────────────────────────────────► idle | busy | work
 *        ▲                                           │
 *        │ sign out (never during a call)            │ sayfree, saybusy, rest, work, cancel…
 *        │                                           ▼
 *        └──────────────────────────── idle ◄─► busy ◄─► rest ◄─► work
 *                                        │ (any of them, for Call Out)
 *                               offer /  │
 *                               call out ▼
 *                                     ringing ──answered (inbound)──────────────► talking
 *                                        │  └──answered (Call Out)──► dialing ──► talking
 *                                        │                              │            │
 *                no answer, reject, fail ▼                         fail ▼    release ▼
 *                   busy (reason 2) | the state before         the state before    idle | work
 *                                                                                  (| busy | rest if asked during the call)
 * ```
 *
 * A forced sign-out (forcelogout, forcelogin, idle sign-out) leaves any state.
 */
export type AgentState = 'signed-out' | 'idle' | 'busy' | 'rest' | 'work' | 'ringing' | 'dialing' | 'talking';

/** The vendor's state code of each state (docs/vendor/agent-gateway.md). */
export const vendorStateCode: Readonly<Record<AgentState, number>> = {
  'signed-out': 2,
  busy: 3,
  idle: 4,
  work: 5,
  ringing: 7,
  dialing: 7,
  talking: 7,
  rest: 8,
};

/** The states outside a call, where the agent can change state at will. */
export type RestingState = 'idle' | 'busy' | 'rest' | 'work';

const resting: readonly AgentState[] = ['idle', 'busy', 'rest', 'work'];

const moves: Moves<AgentState> = {
  'signed-out': ['idle', 'busy', 'work'],
  idle: ['busy', 'rest', 'work', 'ringing', 'signed-out'],
  busy: ['idle', 'rest', 'work', 'ringing', 'signed-out'],
  rest: ['idle', 'busy', 'work', 'ringing', 'signed-out'],
  work: ['idle', 'busy', 'rest', 'ringing', 'signed-out'],
  ringing: ['talking', 'dialing', ...resting, 'signed-out'],
  dialing: ['talking', ...resting, 'signed-out'],
  talking: [...resting, 'signed-out'],
};

export type IllegalAgentMove = IllegalMove<'illegal-agent-move', AgentState>;
export type AgentMove = Move<'illegal-agent-move', AgentState>;

/** The one transition function of the agent machine: refuses every move the diagram does not draw. */
export const moveAgent = transitionFunction('illegal-agent-move', moves);

export function inCall(state: AgentState): boolean {
  return state === 'ringing' || state === 'dialing' || state === 'talking';
}

export function isResting(state: AgentState): state is RestingState {
  return resting.includes(state);
}
