import { describe, expect, it } from 'vitest';
import { duration, regexError, textMatches, toMatcher } from './common-schema.ts';

describe('scenario values', () => {
  it('read durations as milliseconds', () => {
    expect(['1500ms', '30s', '2m', '1h', '0.5s', 250].map((d) => duration.parse(d))).toEqual([
      1500, 30_000, 120_000, 3_600_000, 500, 250,
    ]);
    expect(duration.safeParse('2 minutes').success).toBe(false);
    expect(duration.safeParse(-1).success).toBe(false);
  });

  it('read /…/flags as a regular expression and anything else as text', () => {
    expect(toMatcher('/^INVITE/i')).toEqual(/^INVITE/i);
    expect(toMatcher('SIP/2.0 486')).toBe('SIP/2.0 486');
    expect(textMatches('Sign-in is locked for 30 seconds', '/locked for \\d+ seconds?/')).toBe(true);
    expect(textMatches('Sign-in is locked', 'is locked')).toBe(true);
    expect(textMatches('Sign-in is locked', 'IS LOCKED')).toBe(false);
    expect(regexError('/(/')).toMatch(/^not a valid regular expression/);
    expect(regexError('plain')).toBeUndefined();
  });
});
