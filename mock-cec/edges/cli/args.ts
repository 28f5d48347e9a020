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
  --sip-tls-port PORT
                    SIP over TLS with the development certificate (default: --sip-port + 1,
                    so 5061; a free one when --sip-port is 0)
  --no-sip-tls      no SIP over TLS listener
  --sip-deadline MS a SIP TCP/TLS connection must send a complete message this soon after it
                    opens (TLS handshake included) or starts a message (default 30000)
  --sip-max-connections N
                    SIP TCP/TLS connections open at once, per listener (default 4096)
  --sip-max-per-source N
                    of those, from one IP address (default 512)
  --sip-ws-origin O a web page origin (e.g. https://crm.example:8443) allowed to use SIP over
                    WebSocket, repeatable; always allowed: the simulator's own, pages on
                    127.0.0.1/localhost/::1, and each tenant's callback.allowedOrigins
  --no-sip          no SIP side at all
  --media-workers N worker threads that carry the simulated customers' media, so SIP and HTTP
                    stay prompt under many calls (default 1; 0: media on the main thread)
  --max-per-source N
                    HTTP(S) connections open at once from one IP address, SIP over WebSocket
                    included (default 1000)
  --state-dir DIR   keep the configuration given through the control API (tenants, clock
                    offsets, fault rules) in DIR and start from it next time (docs/operating.md)
  --journal N       journal entries kept, the oldest dropped first (default 100000)
  --journal-mb N    and at most about N MiB of entries held as objects (default 48): the rest
                    are kept compactly, in arenas of 768 bytes an entry (docs/control-api.md)
  --control-token T a token the control API (/__mock/) requires as a Bearer (or from the
                    environment: MOCK_CEC_CONTROL_TOKEN); set it when --host is not loopback
  --allowed-host N  another name the control API answers to (its Host check refuses names
                    it does not know, against DNS rebinding); repeatable
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
  /** TLS port of the SIP side, or false for none. */
  sipTlsPort: number | false;
  /** Deadline and caps of the SIP TCP and TLS listeners. */
  sipLimits: { firstMessageMs: number; maxConnections: number; maxPerSource: number };
  /** The HTTP(S) listener's cap per source address, when given (else http/connection-limits.ts's). */
  httpMaxPerSource?: number;
  /** Extra origins allowed to use SIP over WebSocket. */
  sipWsOrigins: string[];
  quiet: boolean;
  /** Journal entries kept (a ring). */
  journalCapacity: number;
  /** The journal's byte budget. */
  journalMaxBytes: number;
  /** Required as a Bearer on the control API (from --control-token or MOCK_CEC_CONTROL_TOKEN). */
  controlToken?: string;
  /** More names the control API answers to. */
  allowedHosts: string[];
  /** Where the configuration given is kept across restarts. */
  stateDir?: string;
  /** Worker threads for the customers' media (0: on the main thread). */
  mediaWorkers: number;
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

/** An origin as browsers send it: scheme, host and port only. */
function origin(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {}
  if (
    !url ||
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    url.origin !== value.replace(/\/$/, '')
  ) {
    throw new UsageError(`--sip-ws-origin must be an origin like https://crm.example:8443, not "${value}"`);
  }
  return url.origin;
}

export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv = {}): CliArgs {
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
  const sipPort = values['no-sip'] ? false : integer('sip-port', values['sip-port'], 5060, 0, 65_535);
  return {
    command: 'start',
    config: values.config,
    seed: integer('seed', values.seed, 1, 0, 2 ** 32 - 1),
    host: values.host ?? '127.0.0.1',
    port: integer('port', values.port, 8043, 0, 65_535),
    tls: !values['no-tls'],
    certDir: values['cert-dir'] ?? '.mock-cec/certs',
    faults: values.faults,
    sipPort,
    sipTlsPort:
      sipPort === false || values['no-sip-tls']
        ? false
        : integer(
            'sip-tls-port',
            values['sip-tls-port'],
            sipPort === 0 || sipPort === 65_535 ? 0 : sipPort + 1,
            0,
            65_535,
          ),
    sipLimits: {
      firstMessageMs: integer('sip-deadline', values['sip-deadline'], 30_000, 1, 3_600_000),
      maxConnections: integer('sip-max-connections', values['sip-max-connections'], 4096, 1, 1_000_000),
      maxPerSource: integer('sip-max-per-source', values['sip-max-per-source'], 512, 1, 1_000_000),
    },
    ...(values['max-per-source'] === undefined
      ? {}
      : { httpMaxPerSource: integer('max-per-source', values['max-per-source'], 1000, 1, 1_000_000) }),
    quiet: values.quiet ?? false,
    journalCapacity: integer('journal', values.journal, 100_000, 1, 10_000_000),
    journalMaxBytes: integer('journal-mb', values['journal-mb'], 48, 1, 16_384) * 1024 * 1024,
    controlToken: controlToken(values['control-token'] ?? env.MOCK_CEC_CONTROL_TOKEN),
    allowedHosts: values['allowed-host'] ?? [],
    sipWsOrigins: (values['sip-ws-origin'] ?? []).map(origin),
    mediaWorkers: integer('media-workers', values['media-workers'], 1, 0, 16),
    ...(values['state-dir'] === undefined ? {} : { stateDir: values['state-dir'] }),
  };
}

function controlToken(token: string | undefined): string | undefined {
  if (token === undefined || token === '') return undefined;
  if (token.length < 16 || !/^[\x21-\x7e]+$/.test(token))
    throw new UsageError('--control-token must be at least 16 printable characters without spaces');
  return token;
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
      'sip-tls-port': { type: 'string' },
      'no-sip-tls': { type: 'boolean' },
      'sip-deadline': { type: 'string' },
      'sip-max-connections': { type: 'string' },
      'sip-max-per-source': { type: 'string' },
      'max-per-source': { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      journal: { type: 'string' },
      'journal-mb': { type: 'string' },
      'control-token': { type: 'string' },
      'allowed-host': { type: 'string', multiple: true },
      'media-workers': { type: 'string' },
      'sip-ws-origin': { type: 'string', multiple: true },
      'state-dir': { type: 'string' },
    },
  });
}
