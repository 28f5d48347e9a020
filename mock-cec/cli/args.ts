import { parseArgs } from 'node:util';

export const HELP = `mock-cec — a simulator of Huawei's Cloud Contact Center (CEC/AICC)

Usage:
  mock-cec start [options]     start the simulator
  mock-cec scenario run FILE…  run scenario files (quoted globs work), or --replay JOURNAL.ndjson
  mock-cec ladder JOURNAL      draw a journal's ladder diagram (HTML)
  mock-cec init                scaffold a tenant, mock-cec.config.yaml, a scenario and a spec here
  mock-cec --help              this text

Options for start:
  --config FILE     tenant file (YAML): one tenant, or tenants: [...] and faults: [...]
  --seed N          seed of the generated demo tenant when no --config is given (default 1);
                    the same seed always gives the same tenant
  --host HOST       address to bind (default 127.0.0.1)
  --port PORT       HTTPS port of the vendor APIs and the control API (default 8043)
  --no-tls          plain HTTP instead of HTTPS (for tests; the vendor's side is HTTPS only)
  --cert-dir DIR    where the development CA and certificate are kept (default .mock-cec/certs)
  --faults FILE     fault rules (YAML list) to apply from the start
  --sip-port PORT   SIP over UDP and TCP for desktop softphones (default 5060; 0 picks a free one);
                    SIP over WebSocket is always at <url>/sip
  --no-sip          no SIP side at all
  --journal N       journal entries kept, the oldest dropped first (default 100000)
  --quiet           no banner, no request log

Control API: <url>/__mock/ (OpenAPI description at <url>/__mock/openapi.json).
`;

export interface StartArgs {
  command: 'start';
  config?: string;
  seed: number;
  host: string;
  port: number;
  tls: boolean;
  certDir: string;
  faults?: string;
  /** UDP/TCP port of the SIP side, or false for none. */
  sipPort: number | false;
  quiet: boolean;
  /** Journal entries kept (a ring). */
  journalCapacity: number;
}

export type CliArgs = StartArgs | { command: 'help' };

/** A bad command line: the message is one line meant for the person who typed it. */
export class UsageError extends Error {
  override name = 'UsageError';
}

function integer(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, not "${value}"`);
  }
  return Number(value);
}

export function parseCli(argv: readonly string[]): CliArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    // node:util's messages name the flag; keep the first sentence.
    const message = err instanceof Error ? err.message.split('. ')[0] : String(err);
    throw new UsageError(`${message} (see mock-cec --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  const command = positionals[0];
  if (command === undefined) return { command: 'help' };
  if (command !== 'start') throw new UsageError(`unknown command "${command}" (see mock-cec --help)`);
  if (positionals.length > 1)
    throw new UsageError(`unexpected argument "${positionals[1]}" (see mock-cec --help)`);
  return {
    command: 'start',
    config: values.config,
    seed: integer('seed', values.seed, 1, 0, 2 ** 32 - 1),
    host: values.host ?? '127.0.0.1',
    port: integer('port', values.port, 8043, 0, 65_535),
    tls: !values['no-tls'],
    certDir: values['cert-dir'] ?? '.mock-cec/certs',
    faults: values.faults,
    sipPort: values['no-sip'] ? false : integer('sip-port', values['sip-port'], 5060, 0, 65_535),
    quiet: values.quiet ?? false,
    journalCapacity: integer('journal', values.journal, 100_000, 1, 10_000_000),
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      config: { type: 'string', short: 'c' },
      seed: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string', short: 'p' },
      tls: { type: 'boolean' },
      'no-tls': { type: 'boolean' },
      'cert-dir': { type: 'string' },
      faults: { type: 'string' },
      'sip-port': { type: 'string' },
      'no-sip': { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      journal: { type: 'string' },
    },
  });
}
