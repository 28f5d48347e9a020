/**
 * `npm start`: the simulated CEC and the reference integration together, with
 * the demo tenant and demo users, on the ports a person can remember.
 */
import { parseArgs } from 'node:util';
import { consoleLogger } from '../../mock-cec/core/logger.ts';
import { type Stack, startStack } from '../stack/start-stack.ts';

const HELP = `npm start [-- options]   the simulated CEC with the reference integration

  --seed N               tenant seed (default 1, the demo tenant)
  --host HOST            bind address (default 127.0.0.1)
  --port PORT            the simulator's HTTPS port (default 8043)
  --integration-port P   the integration's HTTPS port (default 18443)
  --sip-port PORT        SIP over UDP and TCP for desktop softphones (default 5060; 0 picks a free one)
  --help
`;

function fail(message: string): never {
  process.stderr.write(`mock-cec: ${message} (see npm start -- --help)\n`);
  process.exit(2);
}

function port(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) > 65_535) fail(`--${name} must be a port number, not "${value}"`);
  return Number(value);
}

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      seed: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'integration-port': { type: 'string' },
      'sip-port': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }));
} catch (err) {
  fail(err instanceof Error ? (err.message.split('. ')[0] ?? err.message) : String(err));
}
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const seed = values.seed === undefined ? 1 : Number(values.seed);
if (!Number.isInteger(seed) || seed < 0) fail(`--seed must be a whole number, not "${values.seed}"`);

let stack: Stack;
try {
  stack = await startStack({
    seed,
    host: (values.host as string | undefined) ?? '127.0.0.1',
    cecPort: port('port', values.port as string | undefined, 8043),
    integrationPort: port('integration-port', values['integration-port'] as string | undefined, 18_443),
    mockCec: { sip: { port: port('sip-port', values['sip-port'] as string | undefined, 5060) } },
    dataDir: '.data/integration',
    logger: consoleLogger('mock-cec'),
    integrationLogger: consoleLogger('integration'),
  });
} catch (err) {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    fail(
      'a port is already in use (is another mock-cec running?); choose others with --port, --integration-port and --sip-port',
    );
  throw err;
}

const { cec, integration, tenant, users } = stack;
const first = users[0]!;
const ep = cec.endpoints;
process.stdout.write(
  [
    'mock-cec — simulated Huawei CEC/AICC with the reference integration',
    '',
    `  Agent desk (integration)  ${integration.url}/`,
    `  Demo login                ${first.username} / ${first.password}   (every agent: user name = accountCode)`,
    `  Simulator console         ${cec.url}/__mock/console`,
    `  Vendor APIs               ${cec.url}`,
    `  Control API               ${cec.url}/__mock/   (OpenAPI: ${cec.url}/__mock/openapi.json)`,
    ...(ep.sipWsUrl ? [`  SIP over WebSocket        ${ep.sipWsUrl}`] : []),
    ...(ep.sipUdpPort ? [`  SIP UDP/TCP (OpenEye)     ${ep.host}:${ep.sipUdpPort}`] : []),
    `  Development CA            ${cec.caFile}   (trust it, or accept the certificate once)`,
    '',
    `Tenant ${tenant.id} (seed ${seed}): app_key ${tenant.config.app.appKey}  app_secret ${tenant.config.app.appSecret}`,
    '  agents  workNo  sipAccount  sipPwd        accountCode',
    ...tenant.config.agents.map(
      (a) =>
        `          ${String(a.workNo).padEnd(7)} ${a.sipAccount.padEnd(11)} ${a.sipPwd.padEnd(13)} ${a.accountCode}`,
    ),
    '',
    'Log in at the agent desk, sign in from the bar, then place a customer call from the console.',
    'Ctrl-C stops both.',
    '',
  ].join('\n'),
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(130);
    stopping = true;
    process.stdout.write('\nstopping…\n');
    stack.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
