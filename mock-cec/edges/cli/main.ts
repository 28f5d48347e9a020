import { z } from 'zod';
import { faultRuleSchema } from '../../domain/faults/fault-rule.ts';
import { readConfigText } from '../../infrastructure/config/read-config-text.ts';
import { seedTenant } from '../../infrastructure/config/seed-tenant.ts';
import { YamlFileError } from '../../infrastructure/config/yaml-file-error.ts';
import { ListenError } from '../../infrastructure/primitives/listen-error.ts';
import { consoleLogger } from '../../infrastructure/primitives/logger.ts';
import { StateDirError } from '../../infrastructure/state/state-file.ts';
import { startMockCec } from '../../start-mock-cec.ts';
import { exposureWarning } from '../control/control-guard.ts';
import { DevCertError } from '../http/dev-cert.ts';
import { HELP, parseCli, type StartArgs, UsageError } from './args.ts';
import { banner } from './banner.ts';
import { stopOnSignal } from './stop-on-signal.ts';

/** The `mock-cec` command. Returns the exit code; problems are one line on stderr. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = parseCli(argv, process.env);
    if (args.command === 'help') {
      process.stdout.write(HELP);
      return 0;
    }
    return await start(args);
  } catch (err) {
    process.stderr.write(`mock-cec: ${startupProblem(err)}\n`);
    return err instanceof UsageError || err instanceof YamlFileError ? 2 : 1;
  }
}

/** One line for a problem at start: the file or flag and the cause, never a stack. */
function startupProblem(err: unknown): string {
  if (err instanceof UsageError || err instanceof YamlFileError) return err.message;
  if (err instanceof ListenError || err instanceof DevCertError || err instanceof StateDirError)
    return err.message;
  // Unforeseen: still one line, with the cause; MOCK_CEC_DEBUG=1 shows the stack.
  if (process.env.MOCK_CEC_DEBUG) return err instanceof Error ? (err.stack ?? err.message) : String(err);
  const message = err instanceof Error ? err.message : String(err);
  return `could not start: ${message.split('\n')[0]} (MOCK_CEC_DEBUG=1 shows the stack)`;
}

async function start(args: StartArgs): Promise<number> {
  // The YAML parser (a chunk of the built command) is loaded only when there is a file to read.
  const loaded = args.config
    ? await (await import('../../infrastructure/config/load-config.ts')).loadConfigFile(args.config)
    : undefined;
  const tenants = loaded
    ? loaded.tenants.map((config) => ({ config, seed: args.seed }))
    : [{ config: seedTenant(args.seed), seed: args.seed }];
  const faults = [...(loaded?.faults ?? []), ...(args.faults ? await loadFaults(args.faults) : [])];

  const cec = await startMockCec({
    host: args.host,
    port: args.port,
    tls: args.tls,
    certDir: args.certDir,
    tenants,
    faults,
    logger: consoleLogger(),
    sip:
      args.sipPort === false
        ? false
        : {
            port: args.sipPort,
            tlsPort: args.sipTlsPort,
            limits: args.sipLimits,
            wsOrigins: args.sipWsOrigins,
          },
    connectionLimits:
      args.httpMaxPerSource === undefined ? undefined : { maxPerSource: args.httpMaxPerSource },
    journalCapacity: args.journalCapacity,
    journalMaxBytes: args.journalMaxBytes,
    controlToken: args.controlToken,
    allowedHosts: args.allowedHosts,
    stateDir: args.stateDir,
    mediaWorkers: args.mediaWorkers,
  });
  const warning = exposureWarning(args.host, args.controlToken !== undefined);
  if (warning) process.stderr.write(`${warning}\n`);
  if (cec.restored && !args.quiet) {
    process.stdout.write(
      `mock-cec: configuration restored from ${args.stateDir} (tenants, clocks and fault rules as last changed; --config, --seed and --faults are not read)\n`,
    );
  }
  if (!args.quiet) {
    const { host, sipUdpPort, sipTlsPort, sipWsUrl } = cec.sim.endpoints;
    const sip =
      sipUdpPort !== undefined ? { host, port: sipUdpPort, tlsPort: sipTlsPort, wsUrl: sipWsUrl } : undefined;
    process.stdout.write(
      `${banner({
        url: cec.url,
        caFile: cec.cert?.caFile,
        tenants: cec.sim.tenants().map((t) => ({ config: t.config, seed: t.seed })),
        fromFile: cec.restored ? undefined : args.config,
        sip,
      })}\n`,
    );
  }

  return await stopOnSignal(cec, { name: 'mock-cec' });
}

async function loadFaults(file: string) {
  const { parseYaml } = await import('../../infrastructure/config/parse-yaml.ts');
  return parseYaml(await readConfigText(file), z.array(faultRuleSchema), file);
}
