import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { loadConfigFile } from '../config/load-config.ts';
import { parseYaml, YamlFileError } from '../config/parse-yaml.ts';
import { seedTenant } from '../config/seed-tenant.ts';
import { exposureWarning } from '../control/control-guard.ts';
import { consoleLogger } from '../core/logger.ts';
import { faultRuleSchema } from '../faults/fault-rule.ts';
import { startMockCec } from '../start-mock-cec.ts';
import { HELP, parseCli, type StartArgs, UsageError } from './args.ts';
import { banner } from './banner.ts';

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
    if (err instanceof UsageError || err instanceof YamlFileError) {
      process.stderr.write(`mock-cec: ${err.message}\n`);
      return 2;
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      process.stderr.write(
        'mock-cec: a port is already in use; choose another with --port (HTTPS), --sip-port (SIP) or --sip-tls-port (SIP over TLS), or --no-sip\n',
      );
      return 1;
    }
    if (code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      process.stderr.write(`mock-cec: cannot listen there (${code}); check --host and --port\n`);
      return 1;
    }
    process.stderr.write(`mock-cec: ${err instanceof Error ? err.stack : String(err)}\n`);
    return 1;
  }
}

async function start(args: StartArgs): Promise<number> {
  const loaded = args.config ? await loadConfigFile(args.config) : undefined;
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
        : { port: args.sipPort, tlsPort: args.sipTlsPort, limits: args.sipLimits },
    journalCapacity: args.journalCapacity,
    journalMaxBytes: args.journalMaxBytes,
    controlToken: args.controlToken,
    allowedHosts: args.allowedHosts,
  });
  const warning = exposureWarning(args.host, args.controlToken !== undefined);
  if (warning) process.stderr.write(`${warning}\n`);
  if (!args.quiet) {
    const { host, sipUdpPort, sipTlsPort, sipWsUrl } = cec.sim.endpoints;
    const sip =
      sipUdpPort !== undefined ? { host, port: sipUdpPort, tlsPort: sipTlsPort, wsUrl: sipWsUrl } : undefined;
    process.stdout.write(
      `${banner({ url: cec.url, caFile: cec.cert?.caFile, tenants, fromFile: args.config, sip })}\n`,
    );
  }

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        process.stderr.write(`mock-cec: ${signal} again, exiting now\n`);
        process.exit(130);
      }
      stopping = true;
      process.stdout.write(`\nmock-cec: stopping (${signal})\n`);
      cec.close().then(resolve, resolve);
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}

async function loadFaults(file: string) {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new YamlFileError(file, undefined, '', 'cannot read the file');
  }
  return parseYaml(text, z.array(faultRuleSchema), file);
}
