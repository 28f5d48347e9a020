import { describe, expect, it } from 'vitest';
import { parseCli, UsageError } from './args.ts';

describe('parseCli', () => {
  it('has sensible defaults', () => {
    expect(parseCli(['start'])).toEqual({
      command: 'start',
      config: undefined,
      seed: 1,
      host: '127.0.0.1',
      port: 8043,
      tls: true,
      certDir: '.mock-cec/certs',
      faults: undefined,
      sipPort: 5060,
      sipTlsPort: 5061,
      sipLimits: { firstMessageMs: 30_000, maxConnections: 4096, maxPerSource: 512 },
      sipWsOrigins: [],
      quiet: false,
      journalCapacity: 100_000,
      journalMaxBytes: 48 * 1024 * 1024,
      mediaWorkers: 1,
      controlToken: undefined,
      allowedHosts: [],
    });
  });

  it('takes a control token from the flag or the environment, and more host names', () => {
    const token = 'a-long-enough-token-123';
    expect(parseCli(['start', '--control-token', token])).toMatchObject({ controlToken: token });
    expect(parseCli(['start'], { MOCK_CEC_CONTROL_TOKEN: token })).toMatchObject({ controlToken: token });
    expect(
      parseCli(['start', '--allowed-host', 'cec.lab', '--allowed-host', 'cec.lab.example']),
    ).toMatchObject({ allowedHosts: ['cec.lab', 'cec.lab.example'] });
    expect(() => parseCli(['start', '--control-token', 'short'])).toThrow(/at least 16/);
  });

  it('reads --sip-ws-origin, repeated, and refuses what is not an origin', () => {
    const a = parseCli([
      'start',
      '--sip-ws-origin',
      'https://crm.example:8443',
      '--sip-ws-origin',
      'http://a.test/',
    ]);
    expect(a).toMatchObject({ sipWsOrigins: ['https://crm.example:8443', 'http://a.test'] });
    expect(() => parseCli(['start', '--sip-ws-origin', 'https://crm.example/page'])).toThrow(
      '--sip-ws-origin must be an origin like https://crm.example:8443, not "https://crm.example/page"',
    );
  });

  it('reads every flag', () => {
    const a = parseCli([
      'start',
      '--config',
      't.yaml',
      '--seed',
      '9',
      '--host',
      '0.0.0.0',
      '--port',
      '0',
      '--no-tls',
      '--quiet',
    ]);
    expect(a).toMatchObject({ config: 't.yaml', seed: 9, host: '0.0.0.0', port: 0, tls: false, quiet: true });
    expect(parseCli(['start', '--sip-port', '5070'])).toMatchObject({ sipPort: 5070 });
    expect(parseCli(['start', '--no-sip'])).toMatchObject({ sipPort: false, sipTlsPort: false });
    // SIP over TLS follows the SIP port, unless told otherwise.
    expect(parseCli(['start', '--sip-port', '5070'])).toMatchObject({ sipTlsPort: 5071 });
    expect(parseCli(['start', '--sip-port', '0'])).toMatchObject({ sipTlsPort: 0 });
    expect(parseCli(['start', '--sip-tls-port', '5081'])).toMatchObject({ sipPort: 5060, sipTlsPort: 5081 });
    expect(parseCli(['start', '--no-sip-tls'])).toMatchObject({ sipPort: 5060, sipTlsPort: false });
    // The customers' media on one worker thread unless told otherwise (decision record 008).
    expect(parseCli(['start'])).toMatchObject({ mediaWorkers: 1 });
    expect(parseCli(['start', '--media-workers', '0'])).toMatchObject({ mediaWorkers: 0 });
    expect(parseCli(['start', '--media-workers', '2'])).toMatchObject({ mediaWorkers: 2 });
    expect(
      parseCli([
        'start',
        '--sip-deadline',
        '300',
        '--sip-max-connections',
        '10',
        '--sip-max-per-source',
        '2',
      ]),
    ).toMatchObject({ sipLimits: { firstMessageMs: 300, maxConnections: 10, maxPerSource: 2 } });
    expect(parseCli(['start', '--max-per-source', '2000'])).toMatchObject({ httpMaxPerSource: 2000 });
    expect(parseCli(['start'])).not.toHaveProperty('httpMaxPerSource');
    expect(parseCli(['start', '--journal', '5000'])).toMatchObject({ journalCapacity: 5000 });
    expect(parseCli(['start', '--journal-mb', '8'])).toMatchObject({ journalMaxBytes: 8 * 1024 * 1024 });
  });

  it('shows help without a command or with --help', () => {
    expect(parseCli([])).toEqual({ command: 'help' });
    expect(parseCli(['start', '--help'])).toEqual({ command: 'help' });
  });

  it.each([
    [['start', '--bogus'], /Unknown option '--bogus'/],
    [['start', '--port', 'abc'], /--port must be an integer from 0 to 65535, not "abc"/],
    [['start', '--port', '70000'], /--port must be an integer/],
    [['start', '--seed', '-1'], /--seed/],
    [['start', '--sip-port', 'x'], /--sip-port must be an integer/],
    [['start', '--media-workers', '17'], /--media-workers must be an integer from 0 to 16/],
    [['start', '--journal', '0'], /--journal must be an integer from 1 to 10000000, not "0"/],
    [['stop'], /unknown command "stop"/],
    [['start', 'extra'], /unexpected argument "extra"/],
  ])('refuses %j with one clear line', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(UsageError);
    expect(() => parseCli(argv)).toThrow(message);
  });
});
