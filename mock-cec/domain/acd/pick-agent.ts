import type { AgentState } from '../agents/agent-state.ts';

/** What the ACD knows of an agent when it chooses who rings. */
export interface Candidate {
  workNo: number;
  state: AgentState;
  skills: readonly number[];
  /** When the agent last became idle (tenant clock). */
  idleSince: number;
  /** Whether the softphone the agent signed in with has a live registration. */
  registered: boolean;
}

/**
 * Who gets the next call of a skill queue: the ready (idle) agent with the
 * skill who has been idle longest; ties go to the lower workNo so that runs
 * replay alike. Busy, rest, wrap-up and agents already in a call are skipped,
 * and so are agents whose softphone is not registered (the call could not
 * reach them) and agents who already declined this call. [choice: the vendor
 * documents "longest idle" for its default skill-queue policy only]
 */
export function pickAgent(
  candidates: Iterable<Candidate>,
  skillId: number,
  exclude: ReadonlySet<number> = new Set(),
): Candidate | undefined {
  let best: Candidate | undefined;
  for (const c of candidates) {
    if (c.state !== 'idle' || !c.registered || exclude.has(c.workNo) || !c.skills.includes(skillId)) continue;
    if (!best || c.idleSince < best.idleSince || (c.idleSince === best.idleSince && c.workNo < best.workNo)) {
      best = c;
    }
  }
  return best;
}
