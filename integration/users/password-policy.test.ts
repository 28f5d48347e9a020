import { describe, expect, it } from 'vitest';
import { checkPassword, describeProblems, guessableCore } from './password-policy.ts';

describe('password policy', () => {
  it.each(['Desk-Demo-2026', 'correct horse battery staple 9', 'Zq8#mP4!vL2@', 'Ünïcödé-Pässwörd-42'])(
    'accepts %s',
    (pw) => {
      expect(checkPassword(pw, 'aaliyah.bosco')).toEqual([]);
    },
  );

  it.each([
    ['Sh0rt!Pass', ['too-short']],
    ['alllowercaseletters', ['too-few-classes']],
    ['ALLUPPERCASE123', ['too-few-classes']],
    ['P@ssw0rd2026!', ['common']],
    ['Welcome123456', ['common']],
    ['Qwerty!123456', ['common']],
    ['Aaliyah.Bosco-2026', ['contains-user-name']],
    ['My-Bosco-Secret-1', ['contains-user-name']],
    ['aaaaaaaaaaaa', ['too-few-classes', 'common']],
    [`A1-${'x'.repeat(130)}`, ['too-long']],
  ])('refuses %s: %j', (pw, problems) => {
    expect(checkPassword(pw, 'aaliyah.bosco')).toEqual(problems);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(checkPassword('Ab1-😀😀😀😀😀😀', 'someone')).toEqual(['too-short']);
  });

  it('undoes leetspeak and decoration', () => {
    expect(guessableCore('!!P@$$w0rd2026##')).toBe('password');
  });

  it('says what to do', () => {
    expect(describeProblems(['too-short', 'common'])).toBe(
      'Use at least 12 characters. Avoid common passwords and variations of them.',
    );
  });
});
