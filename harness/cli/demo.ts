/**
 * `npm start`: the simulated CEC and the reference integration together, with
 * the demo tenant and demo users, on the ports a person can remember.
 */
import { parseArgs } from 'node:util';
import { stopOnSignal } from '../../mock-cec/edges/cli/stop-on-signal.ts';
import { exposureWarning } from '../../mock-cec/edges/control/control-guard.ts';
import { DevCertError } from '../../mock-cec/edges/http/dev-cert.ts';
import { ListenError } from '../../mock-cec/infrastructure/primitives/listen-error.ts';
import { consoleLogger } from '../../mock-cec/infrastructure/primitives/logger.ts';
import { StateDirError } from '../../mock-cec/infrastructure/state/state-file.ts';
import { type Stack, startStack } from '../stack/start-stack.ts';

const HELP = `npm start [-- options]   the simulated CEC with the reference integration

  --seed N               tenant seed (default 1, the demo tenant)
  --host HOST            bind address (default 127.0.0.1)
  --port PORT            the simulator's HTTPS port (default 8043)
  --integration-port P   the integration's HTTPS port (default 18443)
  --sip-port PORT        SIP over UDP and TCP for desktop softphones (default 5060; 0 picks a free one);
                         SIP over TLS on the next port (5061)
  --state-dir DIR        where the simulator keeps tenants, clocks and fault rules across restarts
                         (default .mock-cec/state)
  --data-dir DIR         the integration's data and keys (default .data/integration)
  --cert-dir DIR         the development CA and certificate (default .mock-cec/certs)
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
      'state-dir': { type: 'string' },
      'data-dir': { type: 'string' },
      'cert-dir': { type: 'string' },
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
    mockCec: {
      sip: sipPorts(port('sip-port', values['sip-port'] as string | undefined, 5060)),
      stateDir: (values['state-dir'] as string | undefined) ?? '.mock-cec/state',
      // The customers' media on a worker thread, off the loop that answers SIP and HTTP (decision record 008).
      mediaWorkers: 1,
    },
    dataDir: (values['data-dir'] as string | undefined) ?? '.data/integration',
    certDir: (values['cert-dir'] as string | undefined) ?? '.mock-cec/certs',
    logger: consoleLogger('mock-cec'),
    integrationLogger: consoleLogger('integration'),
  });
} catch (err) {
  if (err instanceof ListenError || err instanceof DevCertError || err instanceof StateDirError)
    fail(err.message);
  const code = (err as NodeJS.ErrnoException).code;
  // The simulator's listeners throw ListenError (above); a bare socket error is the integration's.
  if (typeof code === 'string' && code.startsWith('E')) {
    const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
    fail(
      new ListenError(
        "the integration's HTTPS",
        e.address ?? '127.0.0.1',
        e.port ?? 0,
        '--integration-port',
        code,
      ).message,
    );
  }
  fail(`could not start: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
}

const { cec, integration, tenant, users } = stack;
// The demo has no control token (its harness drives the control API without one): say what that means.
const exposed = exposureWarning(cec.endpoints.host ?? '127.0.0.1', false);
if (exposed)
  process.stderr.write(
    `${exposed}\nmock-cec: for a shared machine, run mock-cec start --control-token … instead.\n`,
  );
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
    ...(ep.sipUdpPort ? [`  SIP UDP/TCP (OpenEye)     ${sipHost(ep.host)}:${ep.sipUdpPort}`] : []),
    ...(ep.sipTlsPort ? [`  SIP TLS (OpenEye mode 1)  ${sipHost(ep.host)}:${ep.sipTlsPort}`] : []),
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

// Calls end with BYE or CANCEL and agents are signed out before the listeners close; bounded, and a
// second Ctrl-C exits at once.
const { drain } = stack.cec;
await stopOnSignal(
  { drain: drain ?? (async () => ({ agentsSignedOut: 0, unanswered: 0 })) },
  { name: 'mock-cec', after: () => stack.stop() },
);

/** SIP over UDP/TCP on `port`, and over TLS on the next one (5060 and 5061), as the mock-cec CLI does. */
function sipPorts(port: number) {
  return { port, tlsPort: port === 0 || port === 65_535 ? 0 : port + 1 };
}

/** An IPv6 host in brackets, as in a URI. */
function sipHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
