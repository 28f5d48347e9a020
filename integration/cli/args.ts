import { parseArgs } from 'node:util';

export const HELP = `integration — the reference third-party system for Huawei's CEC (the agent desk)

Usage:
  integration start [options]        serve the agent desk and the verification API over HTTPS
  integration sync [options]         sync the agent accounts from QueryAgentInfo, print a summary
  integration seed-users [options]   sync, then create (or reset) one demo user per agent account
  integration --help                 this text

Options:
  --config FILE      configuration (YAML or JSON; default integration.yaml)
                     the demo against mock-cec: --config integration/demo.yaml
  --host HOST        address to bind (start; default from the file, else 127.0.0.1)
  --port PORT        HTTPS port (start; default from the file, else 18443)
  --no-sync          start without syncing the agent accounts first
  --seed-users       start: seed the demo users after the sync, and print a demo login
  --password PW      the demo users' password (seed-users, --seed-users; default Desk-Demo-2026)
  --quiet            no banner, no request log

Secrets may come from the environment instead of the file:
  INTEGRATION_CEC_APP_SECRET, INTEGRATION_ACCOUNT_KEY, INTEGRATION_TOKEN_KEY
`;

export const DEMO_PASSWORD = 'Desk-Demo-2026';

export type Command = 'start' | 'sync' | 'seed-users';

export interface CliArgs {
  command: Command | 'help';
  config: string;
  host?: string;
  port?: number;
  sync: boolean;
  seedUsers: boolean;
  password: string;
  quiet: boolean;
}

/** A bad command line: one line for the person who typed it. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseCli(argv: readonly string[]): CliArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    const message = err instanceof Error ? err.message.split('. ')[0] : String(err);
    throw new UsageError(`${message} (see integration --help)`);
  }
  const { values, positionals } = parsed;
  const command = values.help ? 'help' : (positionals[0] ?? 'help');
  if (!['help', 'start', 'sync', 'seed-users'].includes(command)) {
    throw new UsageError(`unknown command "${command}" (see integration --help)`);
  }
  if (positionals.length > 1)
    throw new UsageError(`unexpected argument "${positionals[1]}" (see integration --help)`);
  let port: number | undefined;
  if (values.port !== undefined) {
    if (!/^\d{1,5}$/.test(values.port) || Number(values.port) > 65_535) {
      throw new UsageError(`--port must be an integer from 0 to 65535, not "${values.port}"`);
    }
    port = Number(values.port);
  }
  return {
    command: command as CliArgs['command'],
    config: values.config ?? 'integration.yaml',
    host: values.host,
    port,
    sync: !values['no-sync'],
    seedUsers: values['seed-users'] ?? false,
    password: values.password ?? DEMO_PASSWORD,
    quiet: values.quiet ?? false,
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
      host: { type: 'string' },
      port: { type: 'string', short: 'p' },
      'no-sync': { type: 'boolean' },
      'seed-users': { type: 'boolean' },
      password: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
    },
  });
}
