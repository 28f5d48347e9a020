import { describe, expect, it } from 'vitest';
import type { AgentAccount } from './account-diff.ts';
import { diffAccounts } from './account-diff.ts';

const agent = (code: string, workNo: number, sipPwd = 'pw') => ({
  accountCode: code,
  workNo,
  sipAccount: `880${workNo}`,
  sipPwd,
});

describe('diffAccounts', () => {
  it('has nothing to do for the list it was built from', () => {
    const listed = [agent('a', 101), agent('b', 102)];
    expect(diffAccounts(listed, listed)).toEqual({ added: [], changed: [], removed: [], unchanged: 2 });
  });

  it('adds, changes, removes, and brings back a removed account', () => {
    const stored: AgentAccount[] = [
      agent('kept', 101),
      agent('pwd', 102, 'old'),
      agent('gone', 103),
      { ...agent('back', 104), removedAt: 5 },
      { ...agent('still-gone', 105), removedAt: 5 },
      { ...agent('unreadable', 106), sipPwd: undefined },
    ];
    const listed = [
      agent('kept', 101),
      agent('pwd', 102, 'new'),
      agent('back', 104),
      agent('new', 107),
      agent('unreadable', 106),
    ];
    const d = diffAccounts(stored, listed);
    expect(d.added.map((a) => a.accountCode)).toEqual(['back', 'new']);
    expect(d.changed.map((a) => a.accountCode)).toEqual(['pwd', 'unreadable']);
    expect(d.removed).toEqual(['gone']);
    expect(d.unchanged).toBe(1);
  });
});
