import { describe, expect, it } from 'vitest';
import { testApp, tokenText } from '../../mock-cec/testing/test-app.ts';
import type { EntryPattern } from './entry-pattern.ts';
import { toContainSequence } from './to-contain-sequence.ts';

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: must match the declaration it augments
  interface Matchers<T = any> {
    toContainSequence(patterns: readonly EntryPattern[]): T;
  }
}

expect.extend({ toContainSequence });

/** The simulator's own journal: a token, then QueryAgentInfo without and with it. */
async function realJournal() {
  const t = testApp();
  const path = '/apiaccess/CC-Management/v1/queryAgentInfo';
  const appKey = t.tenant.config.app.appKey;
  await t.request(path, { headers: { 'X-APP-Key': appKey } });
  const token = await tokenText(t);
  await t.request(path, { headers: { Authorization: `Bearer ${token}`, 'X-APP-Key': appKey } });
  return t.sim.journal.query({ tenant: t.tenant.id });
}

describe('expect(journal).toContainSequence', () => {
  it('passes on the simulator’s journal when the steps happened in that order', async () => {
    const journal = await realJournal();
    expect(journal).toContainSequence([
      { kind: 'http', api: 'QueryAgentInfo', status: 401 },
      { kind: 'http', api: 'TokenByAkSk', status: 200 },
      { kind: 'http', api: 'QueryAgentInfo', status: 200 },
    ]);
    expect(journal).not.toContainSequence([
      { kind: 'http', api: 'TokenByAkSk' },
      { kind: 'http', api: 'QueryAgentInfo', status: 401 },
    ]);
  });

  it('fails with the message naming the missing step and what came instead', async () => {
    const journal = await realJournal();
    expect(() =>
      expect(journal).toContainSequence([
        { kind: 'http', api: 'TokenByAkSk' },
        { kind: 'http', api: 'QueryAgentInfo', status: 500 },
      ]),
    ).toThrow(
      /step 2 of 2 not found: \{kind: 'http', api: 'QueryAgentInfo', status: 500\}[\s\S]*seen instead[\s\S]*status: expected 500, got 200/,
    );
  });

  it('says where the sequence was found when negated', async () => {
    const journal = await realJournal();
    expect(() => expect(journal).not.toContainSequence([{ kind: 'http', api: 'TokenByAkSk' }])).toThrow(
      /^expected the journal not to contain the sequence, but it does at seq \d+:\n {2}#1 \{kind: 'http', api: 'TokenByAkSk'\}$/,
    );
  });

  it('refuses what is not a list of entries with a clear message', () => {
    expect(() => expect({ entries: [] }).toContainSequence([])).toThrow(
      'toContainSequence: expected an array of journal entries, got object',
    );
  });
});
