/**
 * Password complexity, checked when a password is set (creation and change).
 * The vendor requires complexity checks of the third party (docs/vendor/verification-api.md);
 * the rules follow OWASP ASVS 2.1 and NIST SP 800-63B §5.1.1.2: length first,
 * a blocklist of common choices, nothing derived from the user name — plus
 * character classes, which the vendor's own rules ask for.
 */
export type PasswordProblem = 'too-short' | 'too-long' | 'too-few-classes' | 'contains-user-name' | 'common';

export const MIN_LENGTH = 12;
export const MAX_LENGTH = 128;

export const problemText: Record<PasswordProblem, string> = {
  'too-short': `Use at least ${MIN_LENGTH} characters.`,
  'too-long': `Use at most ${MAX_LENGTH} characters.`,
  'too-few-classes': 'Mix three of: lower-case letters, upper-case letters, digits, other characters.',
  'contains-user-name': 'Leave the user name out.',
  common: 'Avoid common passwords and variations of them.',
};

/** Common passwords and words of this trade; compared after undoing leetspeak and trimming digits and symbols. */
const COMMON = new Set(
  `password passwort passw0rd qwerty qwertyuiop azerty asdfgh zxcvbn letmein welcome admin administrator
  iloveyou monkey dragon football baseball soccer sunshine princess shadow master superman batman trustno
  starwars whatever hello freedom login changeme secret default abc abcdef abcdefgh test guest root user
  summer winter spring autumn january december huawei callcenter contactcenter agent customer service
  support helpdesk crm softphone company`.split(/\s+/),
);

const LEET: Record<string, string> = {
  '@': 'a',
  '4': 'a',
  '3': 'e',
  '1': 'i',
  '!': 'i',
  '0': 'o',
  $: 's',
  '5': 's',
  '7': 't',
};

/** "P@ssw0rd2026!" → "password": the word a guesser starts from. */
export function guessableCore(password: string): string {
  const lowered = password.toLowerCase();
  const trimmed = lowered.replace(/^[^a-z@$]+|[^a-z]+$/g, ''); // strip the usual prefix/suffix decoration
  return [...trimmed]
    .map((ch) => LEET[ch] ?? ch)
    .join('')
    .replace(/[^a-z]/g, '');
}

function classes(password: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
}

/** Every rule the password breaks (empty when it is acceptable). */
export function checkPassword(password: string, username: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length; // code points, not UTF-16 units
  if (length < MIN_LENGTH) problems.push('too-short');
  if (length > MAX_LENGTH) problems.push('too-long');
  if (classes(password) < 3) problems.push('too-few-classes');
  const name = username.trim().toLowerCase();
  const lowered = password.toLowerCase();
  if (
    name.length >= 3 &&
    (lowered.includes(name) ||
      name.split(/[._@-]/).some((part) => part.length >= 4 && lowered.includes(part)))
  ) {
    problems.push('contains-user-name');
  }
  const core = guessableCore(password);
  if (COMMON.has(core) || /^(.)\1*$/.test(core) || COMMON.has(lowered)) problems.push('common');
  return problems;
}

export function describeProblems(problems: readonly PasswordProblem[]): string {
  return problems.map((p) => problemText[p]).join(' ');
}
