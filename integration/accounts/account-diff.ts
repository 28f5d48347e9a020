import type { AgentRecord } from '../cec-client/query-agent-info.ts';

/** An agent account as the integration keeps it, with the softphone password opened. */
export interface AgentAccount {
  accountCode: string;
  workNo: number;
  sipAccount: string;
  /** Undefined when the sealed value does not open (another secrets.accountKey): the next sync re-seals it. */
  sipPwd: string | undefined;
  /** Epoch ms when the CEC stopped listing it; undefined while it is listed. */
  removedAt?: number;
}

export interface AccountDiff {
  /** New, or listed again after having been removed. */
  added: AgentRecord[];
  changed: AgentRecord[];
  /** accountCodes no longer listed (and not already marked). */
  removed: string[];
  unchanged: number;
}

/**
 * What a sync must do to make the stored accounts match the CEC's list. Pure,
 * so that "re-sync is idempotent" is a property of this function: diffing a
 * list against itself yields nothing to do.
 */
export function diffAccounts(stored: readonly AgentAccount[], listed: readonly AgentRecord[]): AccountDiff {
  const byCode = new Map(stored.map((a) => [a.accountCode, a]));
  const diff: AccountDiff = { added: [], changed: [], removed: [], unchanged: 0 };
  const seen = new Set<string>();
  for (const agent of listed) {
    seen.add(agent.accountCode);
    const old = byCode.get(agent.accountCode);
    if (!old || old.removedAt !== undefined) diff.added.push(agent);
    else if (
      old.workNo !== agent.workNo ||
      old.sipAccount !== agent.sipAccount ||
      old.sipPwd !== agent.sipPwd
    ) {
      diff.changed.push(agent);
    } else diff.unchanged++;
  }
  for (const old of stored) {
    if (!seen.has(old.accountCode) && old.removedAt === undefined) diff.removed.push(old.accountCode);
  }
  return diff;
}
