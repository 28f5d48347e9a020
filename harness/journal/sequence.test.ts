import { describe, expect, it } from 'vitest';
import type { EntryPattern } from './entry-pattern.ts';
import { findSequence, type SequenceMissing } from './sequence.ts';
import { inboundCallJournal } from './testing/inbound-call.ts';
import { JournalBuilder } from './testing/journal-builder.ts';

const { entries } = inboundCallJournal();

const inboundCall: EntryPattern[] = [
  { kind: 'http', api: 'TokenByAkSk', status: 200 },
  { kind: 'callback', outcome: 'accepted', retCode: 0 },
  { kind: 'http', api: 'onlineagent.signIn', code: '0' },
  { kind: 'sip', firstLine: /^SIP\/2\.0 401/ },
  { kind: 'sip', firstLine: /^REGISTER/ },
  { kind: 'sip', direction: 'out', firstLine: /^INVITE/, transport: 'wss' },
  { kind: 'event', eventType: 'AgentEvent_Ringing', workNo: '101' },
  { kind: 'event', eventType: 'AgentEvent_Talking', workNo: '101' },
  { kind: 'sip', firstLine: /^BYE/ },
  { kind: 'event', eventType: 'AgentState_Ready' },
];

function missing(patterns: EntryPattern[], journal = entries): SequenceMissing {
  const result = findSequence(journal, patterns);
  if (result.ok) throw new Error('expected the sequence to be missing a step');
  return result;
}

describe('findSequence', () => {
  it('finds patterns in order, not necessarily adjacent, and returns what each matched', () => {
    const result = findSequence(entries, inboundCall);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.matched.map((e) => e.kind)).toEqual(inboundCall.map((p) => p.kind));
    const seqs = result.matched.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    // The REGISTER after the 401 is the retry, not the first REGISTER.
    expect(result.matched[4]!.seq).toBeGreaterThan(result.matched[3]!.seq);
  });

  it('an empty list of patterns is found in any journal', () => {
    expect(findSequence([], [])).toEqual({ ok: true, matched: [] });
  });

  it('names the first missing step, the match before it and the closest entries of its kind after it', () => {
    const f = missing([
      { kind: 'http', api: 'onlineagent.signIn' },
      { kind: 'event', eventType: 'AgentEvent_Ringing' },
      { kind: 'event', eventType: 'AgentEvent_No_Answer' },
      { kind: 'sip', firstLine: /^BYE/ },
    ]);
    expect(f.missing).toBe(2);
    expect(f.pattern).toEqual({ kind: 'event', eventType: 'AgentEvent_No_Answer' });
    expect(f.matched.at(-1)).toMatchObject({ kind: 'event', eventType: 'AgentEvent_Ringing' });
    expect(f.sameKind).toBe(true);
    expect(f.seenInstead).toHaveLength(3);
    for (const near of f.seenInstead) {
      expect(near.entry.kind).toBe('event');
      expect(near.entry.seq).toBeGreaterThan(f.matched.at(-1)!.seq);
      expect(near.mismatches.map((m) => m.field)).toEqual(['eventType']);
    }
    expect(f.earlier).toBeUndefined();
  });

  it('ranks the near misses by how many fields differ, then by order', () => {
    const j = new JournalBuilder();
    j.event('102', 'AgentEvent_Ringing');
    j.event('101', 'AgentEvent_Talking');
    j.event('102', 'AgentEvent_Talking');
    j.event('101', 'AgentEvent_Ringing');
    const f = missing([{ kind: 'event', workNo: '101', eventType: 'AgentEvent_No_Answer' }], j.entries);
    expect(f.seenInstead.map((n) => n.entry.seq)).toEqual([2, 4, 1]);
    expect(f.seenInstead.map((n) => n.mismatches.length)).toEqual([1, 1, 2]);
  });

  it('tells when the missing step happened, but before the step it should follow', () => {
    const f = missing([
      { kind: 'sip', firstLine: /^INVITE/ },
      { kind: 'sip', firstLine: /^REGISTER/ },
    ]);
    expect(f.missing).toBe(1);
    expect(f.earlier).toMatchObject({ kind: 'sip', firstLine: expect.stringMatching(/^REGISTER/) });
    expect(f.earlier!.seq).toBeLessThan(f.matched[0]!.seq);
    expect(f.message).toMatch(
      /out of order: seq \d+ .*REGISTER.* matches step 2 but comes before step 1's match/,
    );
  });

  it('matches regex fields against numbers and strings alike', () => {
    const result = findSequence(entries, [
      { kind: 'http', status: /^2\d\d$/, path: /\/onlineagent\/101$/ },
      { kind: 'sip', agent: /^101$/, firstLine: /^SIP\/2\.0 200/ },
    ]);
    expect(result.ok).toBe(true);
  });

  it('shows the next entries when none of the missing kind came after the last match', () => {
    const j = new JournalBuilder();
    j.http('TokenByAkSk', 'POST', '/t', 200);
    j.event('101', 'AgentState_Ready');
    j.http('QueryAgentInfo', 'GET', '/q', 200);
    const f = missing([{ kind: 'http', api: 'TokenByAkSk' }, { kind: 'callback' }], j.entries);
    expect(f.sameKind).toBe(false);
    expect(f.candidates).toBe(0);
    expect(f.seenInstead.map((n) => n.entry.seq)).toEqual([2, 3]);
    expect(f.message).toContain('seen instead: no callback entries after seq 1; the next 2 were:');
  });

  it('says so when nothing at all came after the last match, or the journal is empty', () => {
    expect(missing([{ kind: 'event' }], []).message).toBe(
      "journal sequence: step 1 of 1 not found: {kind: 'event'}\n  seen instead: nothing, no entries in the journal",
    );
    const last = entries.at(-1)!;
    const f = missing([{ seq: last.seq }, { kind: 'event' }]);
    expect(f.message).toContain(`seen instead: nothing, no entries after seq ${last.seq}`);
  });

  it('formats a failure message a test report can show as it is', () => {
    const f = missing([
      { kind: 'http', api: 'TokenByAkSk' },
      { kind: 'event', eventType: 'AgentState_Ready' },
      { kind: 'sip', direction: 'out', firstLine: /^CANCEL/ },
    ]);
    const lines = f.message.split('\n');
    expect(lines[0]).toBe(
      "journal sequence: step 3 of 3 not found: {kind: 'sip', direction: 'out', firstLine: /^CANCEL/}",
    );
    expect(lines[1]).toMatch(
      /^ {2}after step 2, matched by seq \d+ \(\+769 ms\) event AgentState_Ready to agent 101$/,
    );
    expect(lines[2]).toMatch(/^ {2}seen instead \(closest of \d+ sip entries after seq \d+\):$/);
    expect(lines[3]).toMatch(
      /^ {4}seq \d+ \(\+\d+ ms\) sip out wss .* — firstLine: 'SIP\/2\.0 401 Unauthorized' does not match \/\^CANCEL\/$/,
    );
    expect(lines.at(-1)).toMatch(/^ {2}steps matched: #1 seq 1, #2 seq \d+$/);
  });

  it('reports a predicate that threw instead of throwing itself', () => {
    const f = missing([{ kind: 'http', fault: (rule) => rule!.length > 0 }]);
    expect(f.message).toMatch(/fault: predicate threw: /);
  });

  it('looks only past `sinceSeq`, and sorts entries merged out of order', () => {
    const shuffled = [...entries].reverse();
    expect(findSequence(shuffled, inboundCall).ok).toBe(true);
    const signIn = entries.find((e) => e.kind === 'http' && e.api === 'onlineagent.signIn')!;
    const after = findSequence(entries, [{ kind: 'http', api: 'TokenByAkSk' }], { sinceSeq: signIn.seq });
    expect(after.ok).toBe(false);
  });
});
