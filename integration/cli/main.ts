import { describeSync } from '../accounts/sync-accounts.ts';
import { describeFailure } from '../cec-client/cec-failure.ts';
import type { Config } from '../config/config-schema.ts';
import { ConfigError, loadConfigFile } from '../config/load-config.ts';
import { consoleLogger, type Logger, silentLogger } from '../core/logger.ts';
import { type Core, openCore, startIntegration } from '../start-integration.ts';
import { seedDemoUsers } from '../users/seed-users.ts';
import { type CliArgs, HELP, parseCli, UsageError } from './args.ts';
import { banner } from './banner.ts';

/** The `integration` command. Returns the exit code; problems are one line on stderr. */
export async function main(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): Promise<number> {
  try {
    const args = parseCli(argv);
    if (args.command === 'help') {
      process.stdout.write(HELP);
      return 0;
    }
    const loaded = await loadConfigFile(args.config, env).catch((err: unknown) => {
      if (
        err instanceof ConfigError &&
        err.message.includes('ENOENT') &&
        args.config === 'integration.yaml'
      ) {
        throw new ConfigError(
          `${err.message}; pass --config FILE (the demo: --config integration/demo.yaml)`,
        );
      }
      throw err;
    });
    const config: Config = {
      ...loaded,
      server: {
        ...loaded.server,
        host: args.host ?? loaded.server.host,
        port: args.port ?? loaded.server.port,
      },
    };
    const logger = args.quiet ? silentLogger : consoleLogger();
    if (args.command === 'start') return await start(args, config, logger);
    const core = await openCore(config, { logger: silentLogger });
    try {
      return args.command === 'sync' ? await sync(core) : await seed(core, args.password);
    } finally {
      await core.close();
    }
  } catch (err) {
    return fail(err);
  }
}

async function sync(core: Core): Promise<number> {
  const result = await core.sync();
  if (!result.ok) {
    process.stderr.write(`integration: ${describeFailure(result.failure)}\n`);
    return 1;
  }
  process.stdout.write(`${describeSync(result.value)}\n`);
  return 0;
}

async function seed(core: Core, password: string): Promise<number> {
  const code = await sync(core);
  if (code !== 0) return code;
  const s = await seedDemoUsers(core.users, core.accounts, password);
  process.stdout.write(
    `seed-users: ${s.created.length} created, ${s.reset.length} reset, ${s.skipped.length} skipped\n`,
  );
  for (const { accountCode, reason } of s.skipped)
    process.stdout.write(`  skipped ${accountCode}: ${reason}\n`);
  for (const name of [...s.created, ...s.reset]) process.stdout.write(`  ${name} / ${password}\n`);
  return s.skipped.length > 0 ? 1 : 0;
}

async function start(args: CliArgs, config: Config, logger: Logger): Promise<number> {
  const integration = await startIntegration(config, { logger, syncOnStart: args.sync });
  let demoLogin: { username: string; password: string } | undefined;
  if (args.seedUsers) {
    const s = await seedDemoUsers(integration.users, integration.accounts, args.password);
    const first = s.created[0] ?? s.reset[0];
    if (first) demoLogin = { username: first, password: args.password };
    for (const { accountCode, reason } of s.skipped)
      logger.warn('demo user skipped', { accountCode, reason });
  }
  if (!args.quiet) {
    const lastSync = integration.accounts.getState('lastSyncAt');
    const userCount = integration.db.prepare('SELECT count(*) FROM users').pluck().get() as number;
    const listed = integration.accounts.all().filter((a) => a.removedAt === undefined).length;
    process.stdout.write(
      `${banner({
        url: integration.url,
        config,
        syncLine: lastSync
          ? `${listed} agent accounts (last sync ${new Date(Number(lastSync)).toISOString()})`
          : 'never synced',
        demoLogin,
        userCount,
      })}\n`,
    );
  }
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) process.exit(130);
      stopping = true;
      process.stdout.write(`\nintegration: stopping (${signal})\n`);
      integration.close().then(resolve, resolve);
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}

function fail(err: unknown): number {
  if (err instanceof UsageError || err instanceof ConfigError) {
    process.stderr.write(`integration: ${err.message}\n`);
    return 2;
  }
  const e = err as NodeJS.ErrnoException;
  const known: Record<string, string> = {
    EADDRINUSE: 'the port is already in use; choose another with --port',
    EACCES: 'cannot listen there (EACCES); check --host and --port',
    EADDRNOTAVAIL: 'cannot listen on that address; check --host',
    ENOENT: `a file named in the configuration is missing: ${e.path ?? ''}`,
  };
  if (e.code && known[e.code]) {
    process.stderr.write(`integration: ${known[e.code]}\n`);
    return 1;
  }
  process.stderr.write(`integration: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return 1;
}
