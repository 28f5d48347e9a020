import type { AccountStore } from '../accounts/account-store.ts';
import { describeProblems } from './password-policy.ts';
import type { Users } from './users.ts';

export interface SeedSummary {
  created: string[];
  reset: string[];
  skipped: { accountCode: string; reason: string }[];
}

/**
 * Demo users for every agent account the last sync stored (mock-cec's demo
 * tenant, or any other): user name = accountCode, every one with `password`.
 * Run again, it resets their passwords to `password`: a demo, not a
 * provisioning tool.
 */
export async function seedDemoUsers(
  users: Users,
  accounts: AccountStore,
  password: string,
): Promise<SeedSummary> {
  const summary: SeedSummary = { created: [], reset: [], skipped: [] };
  const active = accounts.all().filter((a) => a.removedAt === undefined);
  const seed = async (account: (typeof active)[number]) => {
    const existing = users.store.byAccountCode(account.accountCode);
    const result = existing
      ? await users.setPassword(existing.username, password)
      : await users.create(account.accountCode, password, account.accountCode);
    return { account, existing, result };
  };
  // A few hashes side by side (scrypt runs on libuv's pool of 4 threads, each up to 32 MiB at the
  // default cost); the summary keeps the accounts' order.
  const outcomes: Awaited<ReturnType<typeof seed>>[] = [];
  for (let i = 0; i < active.length; i += SIDE_BY_SIDE)
    outcomes.push(...(await Promise.all(active.slice(i, i + SIDE_BY_SIDE).map(seed))));
  for (const { account, existing, result } of outcomes) {
    if (result.ok)
      (existing ? summary.reset : summary.created).push(existing?.username ?? account.accountCode);
    else {
      const reason =
        result.problem.kind === 'weak-password'
          ? describeProblems(result.problem.problems)
          : result.problem.kind;
      summary.skipped.push({ accountCode: account.accountCode, reason });
    }
  }
  return summary;
}

const SIDE_BY_SIDE = 4;
