import { describe, expect, it } from 'vitest';
import { formatPattern, matches, mismatches } from './entry-pattern.ts';
import { JournalBuilder } from './testing/journal-builder.ts';

const j = new JournalBuilder();
const invite = j.sip('in', 'wss', 'INVITE sip:1001@127.0.0.1 SIP/2.0', { callId: 'abc', agent: 101 });
const token = j.http('TokenByAkSk', 'POST', '/apigovernance/api/oauth/tokenByAkSk', 200);
const callback = j.add({
  kind: 'callback',
  url: 'https://x/v',
  outcome: 'refused',
  retCode: '0',
  reason: 'r',
  ms: 1,
});

describe('entry patterns', () => {
  it('match on the fields they name, exactly', () => {
    expect(matches(token, { kind: 'http', api: 'TokenByAkSk', status: 200 })).toBe(true);
    expect(matches(token, { kind: 'http', api: 'TokenByAkSk', status: 401 })).toBe(false);
    expect(matches(token, { kind: 'sip' })).toBe(false);
    expect(matches(token, { tenant: 't-acme' })).toBe(true);
  });

  it('compare with === so the string "0" is not the number 0', () => {
    expect(matches(callback, { kind: 'callback', retCode: 0 })).toBe(false);
    expect(matches(callback, { kind: 'callback', retCode: '0' })).toBe(true);
  });

  it('try a RegExp on the field as text, the same every time even with the g flag', () => {
    const g = /^INVITE/g;
    expect([1, 2, 3].map(() => matches(invite, { kind: 'sip', firstLine: g }))).toEqual([true, true, true]);
    expect(matches(invite, { kind: 'sip', agent: /^10\d$/ })).toBe(true);
    expect(matches(invite, { kind: 'sip', cseq: /INVITE/ })).toBe(false);
  });

  it('call predicates, and report one that throws as a mismatch, not a crash', () => {
    expect(matches(callback, { kind: 'callback', retCode: (c) => typeof c === 'string' })).toBe(true);
    const boom = mismatches(invite, {
      kind: 'sip',
      cseq: (c) => (c as string).startsWith('1'),
    });
    expect(boom).toHaveLength(1);
    expect(boom[0]!.error).toMatch(/^predicate threw: /);
  });

  it('ignore fields set to undefined', () => {
    expect(matches(invite, { kind: 'sip', note: undefined })).toBe(true);
  });

  it('say which fields differ, with what was expected and what was there', () => {
    expect(mismatches(token, { kind: 'http', api: 'QueryAgentInfo', status: 200 })).toEqual([
      { field: 'api', expected: 'QueryAgentInfo', actual: 'TokenByAkSk' },
    ]);
  });

  it('print as a reader writes them', () => {
    const named = (v: unknown) => v === 1;
    expect(formatPattern({ kind: 'sip', firstLine: /^INVITE/i, agent: 101, note: undefined })).toBe(
      "{kind: 'sip', firstLine: /^INVITE/i, agent: 101}",
    );
    expect(formatPattern({ kind: 'callback', retCode: named, reason: "it's" })).toBe(
      "{kind: 'callback', retCode: named(), reason: 'it\\'s'}",
    );
  });
});
