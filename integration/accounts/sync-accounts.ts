import type { CecClient } from '../cec-client/cec-client.ts';
import type { CecResult } from '../cec-client/cec-failure.ts';
import type { Clock } from '../core/clock.ts';
import { diffAccounts } from './account-diff.ts';
import type { AccountStore } from './account-store.ts';

export interface SyncSummary {
  listed: number;
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  sipServiceIp: string;
  sipServicePort: number;
}

/** Where the CEC said the softphones register, as of the last sync. */
export interface SipService {
  ip: string;
  port: number;
}

/**
 * Make the stored agent accounts match QueryAgentInfo: add new ones, update
 * changed ones, mark vanished ones removed — all in one transaction, so a
 * crash mid-way leaves the previous state. Run on start and on demand.
 */
export async function syncAccounts(
  cec: Pick<CecClient, 'queryAgentInfo'>,
  store: AccountStore,
  clock: Clock,
): Promise<CecResult<SyncSummary>> {
  const info = await cec.queryAgentInfo();
  if (!info.ok) return info;
  const { agents, sipServiceIp, sipServicePort } = info.value;
  const now = clock.now();
  const diff = store.transaction(() => {
    const d = diffAccounts(store.all(), agents);
    for (const a of [...d.added, ...d.changed]) store.upsert(a, now);
    for (const code of d.removed) store.markRemoved(code, now);
    store.setState('sipServiceIp', sipServiceIp);
    store.setState('sipServicePort', String(sipServicePort));
    store.setState('lastSyncAt', String(now));
    return d;
  });
  return {
    ok: true,
    value: {
      listed: agents.length,
      added: diff.added.length,
      changed: diff.changed.length,
      removed: diff.removed.length,
      unchanged: diff.unchanged,
      sipServiceIp,
      sipServicePort,
    },
  };
}

export function sipServiceOf(store: AccountStore): SipService | undefined {
  const ip = store.getState('sipServiceIp');
  const port = store.getState('sipServicePort');
  return ip && port ? { ip, port: Number(port) } : undefined;
}

/** The one-line summary: "sync: 5 agents listed — 1 added, 0 changed, 0 removed". */
export function describeSync(s: SyncSummary): string {
  return `sync: ${s.listed} agent${s.listed === 1 ? '' : 's'} listed — ${s.added} added, ${s.changed} changed, ${s.removed} removed`;
}
