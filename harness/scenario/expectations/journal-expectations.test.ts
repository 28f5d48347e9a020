import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../../mock-cec/infrastructure/journal/journal.ts';
import { JournalBuilder } from '../../journal/testing/journal-builder.ts';
import type { StepContext } from '../step-handler.ts';
import type { ScenarioWorld } from '../world.ts';
import { expectHttp } from './journal-expectations.ts';

/** A world whose journal is `entries` (the control API's answer), the last action before all of them. */
function context(entries: JournalEntry[], timeout = 200): StepContext {
  const world = { cec: { journal: async () => entries }, lastActionSeq: 0, startSeq: 0 };
  return { world: world as unknown as ScenarioWorld, timeout };
}

const TOKEN = '/apigovernance/api/oauth/tokenByAkSk';

describe('expectHttp with count', () => {
  const journal = (statuses: number[]) => {
    const j = new JournalBuilder();
    for (const status of statuses) j.after(10).http('TokenByAkSk', 'POST', TOKEN, status);
    j.http('QueryAgentInfo', 'GET', '/apiaccess/CC-Management/v1/queryAgentInfo', 200);
    return j.entries;
  };
  const count = (n: number) => ({ api: 'TokenByAkSk', status: 401, count: n, since: 'step' as const });

  it('passes with exactly that many, naming them', async () => {
    expect(await expectHttp(count(1), context(journal([401, 200])))).toEqual({ ok: true, note: '1 × seq 1' });
    expect(await expectHttp({ ...count(0), api: 'ccbarclient' }, context(journal([401])))).toMatchObject({
      ok: true,
    });
  });

  it('fails at once on more (a retry storm), listing what it found', async () => {
    const verdict = await expectHttp(count(1), context(journal([401, 401, 401]), 60_000));
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.message).toMatch(
      /^expected exactly 1 matching entry since the last action \(after seq 0\), found 3:/,
    );
    expect(verdict.message.split('\n')).toHaveLength(4);
  });

  it('fails after the step time when there are fewer', async () => {
    const verdict = await expectHttp(count(2), context(journal([401, 200]), 50));
    expect(verdict).toMatchObject({ ok: false, message: expect.stringMatching(/found 1:\n.*TokenByAkSk/) });
  });
});
