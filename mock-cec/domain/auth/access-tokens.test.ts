import { describe, expect, it } from 'vitest';
import { AccessTokenBook } from './access-tokens.ts';

const T0 = 1_700_000_000_000;

describe('AccessTokenBook', () => {
  it('accepts a fresh token with its app key', () => {
    const book = new AccessTokenBook({ revokePreviousOnIssue: false });
    book.issue('abc', 'app', T0, 600);
    expect(book.check('Bearer abc', 'app', T0 + 1).ok).toBe(true);
  });

  it.each([
    [undefined, 'missing'],
    ['', 'missing'],
    ['Bearerabc', 'malformed'],
    ['Bearer  abc', 'malformed'],
    ['bearer abc', 'malformed'],
    ['Basic abc', 'malformed'],
    ['Bearer nope', 'unknown'],
  ])('refuses %j as %s', (header, problem) => {
    const book = new AccessTokenBook({ revokePreviousOnIssue: false });
    book.issue('abc', 'app', T0, 600);
    expect(book.check(header, 'app', T0)).toEqual({ ok: false, problem });
  });

  it('expires tokens exactly on time', () => {
    const book = new AccessTokenBook({ revokePreviousOnIssue: false });
    book.issue('abc', 'app', T0, 600);
    expect(book.check('Bearer abc', 'app', T0 + 599_999).ok).toBe(true);
    expect(book.check('Bearer abc', 'app', T0 + 600_000)).toEqual({ ok: false, problem: 'expired' });
  });

  it('refuses a token presented with another app key', () => {
    const book = new AccessTokenBook({ revokePreviousOnIssue: false });
    book.issue('abc', 'app', T0, 600);
    expect(book.check('Bearer abc', 'other', T0)).toEqual({ ok: false, problem: 'app-key-mismatch' });
    expect(book.check('Bearer abc', undefined, T0)).toEqual({ ok: false, problem: 'app-key-mismatch' });
  });

  it('keeps older tokens valid by default, revokes them when configured', () => {
    const keep = new AccessTokenBook({ revokePreviousOnIssue: false });
    keep.issue('one', 'app', T0, 600);
    keep.issue('two', 'app', T0, 600);
    expect(keep.check('Bearer one', 'app', T0).ok).toBe(true);

    const revoke = new AccessTokenBook({ revokePreviousOnIssue: true });
    revoke.issue('one', 'app', T0, 600);
    revoke.issue('two', 'app', T0, 600);
    expect(revoke.check('Bearer one', 'app', T0)).toEqual({ ok: false, problem: 'revoked' });
    expect(revoke.check('Bearer two', 'app', T0).ok).toBe(true);
  });

  it('forgets the oldest token past its capacity', () => {
    const book = new AccessTokenBook({ revokePreviousOnIssue: false, maxLive: 2 });
    book.issue('a', 'app', T0, 600);
    book.issue('b', 'app', T0, 600);
    book.issue('c', 'app', T0, 600);
    expect(book.size).toBe(2);
    expect(book.check('Bearer a', 'app', T0)).toEqual({ ok: false, problem: 'unknown' });
  });

  it('expires every live token on demand', () => {
    const book = new AccessTokenBook({ revokePreviousOnIssue: false });
    book.issue('a', 'app', T0, 600);
    book.expireAll(T0 + 5);
    expect(book.check('Bearer a', 'app', T0 + 5)).toEqual({ ok: false, problem: 'expired' });
  });
});
