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
  for (const account of accounts.all()) {
    if (account.removedAt !== undefined) continue;
    const existing = users.store.byAccountCode(account.accountCode);
    const result = existing
      ? await users.setPassword(existing.username, password)
      : await users.create(account.accountCode, password, account.accountCode);
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
