import { readFile } from 'node:fs/promises';
import { Hono } from 'hono';
import type { Config } from '../../integration/config/config-schema.ts';
import {
  type CoreOptions,
  type Integration,
  integrationApp,
  openCore,
} from '../../integration/start-integration.ts';
import type { AppEnv } from '../../integration/web/app-env.ts';
import { type Listening, listen } from '../../integration/web/listen.ts';
import type { PageAssets } from '../../integration/web/page-assets.ts';

/**
 * One HTTPS listener for the reference integrations that scenarios run on one
 * after another (a Playwright worker's, a scenario command's lane). Each
 * scenario opens its own integration behind it — its own database (accounts,
 * users, sessions, used token ids), its own keys, lockout books and rate
 * limits, its own CEC client for its own tenant — so nothing one scenario
 * does (a locked account, a spent rate limit) reaches the next; what it saves
 * is the server's start and stop, and the simulator's token callback reuses
 * its connection. One integration at a time: the host serves the open one, and
 * answers 503 between two.
 */
export class IntegrationHost {
  #current: { app: Hono<AppEnv> } | undefined;

  private constructor(
    private readonly listening: Listening,
    readonly host: string,
    private readonly assets: PageAssets,
  ) {}

  static async start(o: {
    certFile: string;
    keyFile: string;
    assets: PageAssets;
    host?: string;
  }): Promise<IntegrationHost> {
    const host = o.host ?? '127.0.0.1';
    const [key, cert] = await Promise.all([readFile(o.keyFile, 'utf8'), readFile(o.certFile, 'utf8')]);
    let self: IntegrationHost | undefined;
    const front = new Hono<AppEnv>();
    front.all('*', (c) => {
      const open = self ? self.#current : undefined;
      if (!open) return c.text('No integration is open on this host (between two scenarios)\n', 503);
      return open.app.fetch(c.req.raw, c.env);
    });
    const listening = await listen(front, { host, port: 0, tls: { key, cert } });
    self = new IntegrationHost(listening, host, o.assets);
    return self;
  }

  get url(): string {
    return this.listening.url;
  }

  get port(): number {
    return this.listening.port;
  }

  /**
   * Open an integration on `config` (its server section must name this host
   * and port: the pages redirect to them) and serve it until its close().
   */
  async open(config: Config, o: CoreOptions = {}): Promise<Integration> {
    if (this.#current) throw new Error('IntegrationHost: an integration is open already (one at a time)');
    if (config.server.port !== this.port || config.server.host !== this.host)
      throw new Error(`IntegrationHost: the config's server must be ${this.host}:${this.port}`);
    const core = await openCore(config, o);
    const current = { app: integrationApp(core, this.assets) };
    this.#current = current;
    return {
      ...core,
      url: this.url,
      port: this.port,
      close: async () => {
        if (this.#current === current) this.#current = undefined;
        await core.close();
      },
    };
  }

  async close(): Promise<void> {
    this.#current = undefined;
    await this.listening.close();
  }
}
