import { describe, expect, it } from 'vitest';
import { parseCli, UsageError } from './args.ts';

describe('integration command line', () => {
  it('reads start with its flags', () => {
    expect(parseCli(['start', '--config', 'x.yaml', '--port', '0', '--seed-users', '--no-sync'])).toEqual({
      command: 'start',
      config: 'x.yaml',
      host: undefined,
      port: 0,
      sync: false,
      seedUsers: true,
      password: 'Desk-Demo-2026',
      quiet: false,
    });
  });

  it('defaults to help, and to integration.yaml', () => {
    expect(parseCli([]).command).toBe('help');
    expect(parseCli(['sync']).config).toBe('integration.yaml');
  });

  it.each([
    [['deploy'], 'unknown command "deploy" (see integration --help)'],
    [['start', '--port', '70000'], '--port must be an integer from 0 to 65535, not "70000"'],
    [['start', 'extra'], 'unexpected argument "extra" (see integration --help)'],
    [['start', '--bogus'], /^Unknown option '--bogus' \(see integration --help\)$/],
  ])('refuses %j in one line', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(UsageError);
    expect(() => parseCli(argv)).toThrow(message);
  });
});
