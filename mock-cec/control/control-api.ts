/**
 * The control API under /__mock/, a prefix the vendor does not use. Everything
 * the console does goes through it; tests and the harness use it too.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { seedTenant } from '../config/seed-tenant.ts';
import { tenantSchema } from '../config/tenant-schema.ts';
import { consoleRoutes } from '../console/console-routes.ts';
import { describeAction, faultRuleSchema } from '../faults/fault-rule.ts';
import { type JournalKind, journalKinds, toNdjson } from '../journal/journal.ts';
import { type Simulator, TenantConflictError } from '../state/simulator.ts';
import { callsControl } from './calls-control.ts';
import { controlError } from './control-error.ts';
import { journalStream } from './journal-stream.ts';
import { buildOpenApi } from './openapi.ts';
import { tenantView } from './tenant-view.ts';

export const CONTROL_PREFIX = '/__mock';

const newTenantSchema = z
  .object({
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .optional(),
    agents: z.number().int().min(1).max(5000).optional(),
    workNoStart: z.number().int().min(101).max(999_000).optional(),
    /** A whole tenant instead of a generated one. */
    tenant: z.unknown().optional(),
  })
  .strict();

/** A note a test or the scenario runner writes into the journal (step marks, so a recorded run can be replayed). */
const markSchema = z
  .object({
    tenant: z.string().min(1).optional(),
    action: z
      .string()
      .regex(/^[a-z][a-z0-9.-]{0,63}$/, 'lower-case words joined by . or -, e.g. scenario.step'),
    detail: z
      .string()
      .max(256 * 1024)
      .optional(),
  })
  .strict();

const advanceSchema = z
  .object({
    advanceMs: z
      .number()
      .int()
      .min(0)
      .max(366 * 24 * 3600 * 1000),
  })
  .strict();

/** The first issue of a zod error as one line: `path: message`. */
export function zodMessage(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const path = issue.path.join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** A JSON body (an empty body is `{}`), or not. */
export async function readJson(req: Request): Promise<{ ok: true; value: unknown } | { ok: false }> {
  try {
    const text = await req.text();
    return { ok: true, value: text === '' ? {} : JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Journal what the control API changed. */
export function journalControl(
  sim: Simulator,
  tenant: string | undefined,
  action: string,
  detail?: string,
): void {
  sim.journal.append({ kind: 'control', at: sim.clock.now(), tenant, corr: sim.nextCorr(), action, detail });
}

export function controlApi(sim: Simulator): Hono {
  const app = new Hono();
  const control = (tenant: string | undefined, action: string, detail?: string) =>
    journalControl(sim, tenant, action, detail);

  app.get('/health', (c) =>
    c.json({
      status: 'ok',
      tenants: sim.tenants().length,
      uptimeMs: sim.clock.now() - sim.startedAt,
      endpoints: sim.endpoints,
    }),
  );

  app.get('/openapi.json', (c) => c.json(buildOpenApi()));

  app.route('/', callsControl(sim));
  app.route('/', journalStream(sim));
  app.route('/', consoleRoutes());

  app.get('/tenants', (c) => c.json({ tenants: sim.tenants().map(tenantView) }));

  app.post('/tenants', async (c) => {
    const body = await readJson(c.req.raw);
    if (!body.ok) return controlError(c, 400, 'bad-json', 'The request body is not valid JSON');
    const parsed = newTenantSchema.safeParse(body.value);
    if (!parsed.success) return controlError(c, 400, 'bad-request', zodMessage(parsed.error));
    const { seed, agents, workNoStart, tenant } = parsed.data;
    const chosenSeed = seed ?? (tenant === undefined ? nextFreeSeed(sim) : 0);
    let config: z.output<typeof tenantSchema>;
    if (tenant !== undefined) {
      const t = tenantSchema.safeParse(tenant);
      if (!t.success) return controlError(c, 400, 'bad-tenant', `tenant.${zodMessage(t.error)}`);
      config = t.data;
    } else {
      config = seedTenant(chosenSeed, { agents, workNoStart });
    }
    try {
      const runtime = sim.addTenant(config, chosenSeed);
      control(runtime.id, 'tenant.create', tenant ? 'from body' : `seed ${runtime.seed}`);
      return c.json(tenantView(runtime), 201);
    } catch (err) {
      if (err instanceof TenantConflictError) return controlError(c, 409, 'conflict', err.message);
      throw err;
    }
  });

  app.get('/tenants/:id', (c) => {
    const t = sim.tenant(c.req.param('id'));
    return t ? c.json(tenantView(t)) : controlError(c, 404, 'no-tenant', `no tenant ${c.req.param('id')}`);
  });

  app.delete('/tenants/:id', (c) => {
    const id = c.req.param('id');
    if (!sim.removeTenant(id)) return controlError(c, 404, 'no-tenant', `no tenant ${id}`);
    control(id, 'tenant.remove');
    return c.body(null, 204);
  });

  app.post('/tenants/:id/reset', (c) => {
    const t = sim.tenant(c.req.param('id'));
    if (!t) return controlError(c, 404, 'no-tenant', `no tenant ${c.req.param('id')}`);
    t.reset();
    const cleared = sim.faults.clear(t.id);
    control(t.id, 'tenant.reset', `${cleared} fault rules cleared`);
    return c.json(tenantView(t));
  });

  app.get('/tenants/:id/clock', (c) => {
    const t = sim.tenant(c.req.param('id'));
    if (!t) return controlError(c, 404, 'no-tenant', `no tenant ${c.req.param('id')}`);
    return c.json({ now: t.now(), offsetMs: t.clock.offsetMs });
  });

  app.post('/tenants/:id/clock', async (c) => {
    const t = sim.tenant(c.req.param('id'));
    if (!t) return controlError(c, 404, 'no-tenant', `no tenant ${c.req.param('id')}`);
    const body = await readJson(c.req.raw);
    if (!body.ok) return controlError(c, 400, 'bad-json', 'The request body is not valid JSON');
    const parsed = advanceSchema.safeParse(body.value);
    if (!parsed.success) return controlError(c, 400, 'bad-request', zodMessage(parsed.error));
    t.advance(parsed.data.advanceMs);
    control(t.id, 'clock.advance', `${parsed.data.advanceMs}ms`);
    return c.json({ now: t.now(), offsetMs: t.clock.offsetMs });
  });

  app.get('/faults', (c) => {
    const tenant = c.req.query('tenant');
    return c.json({
      faults: sim.faults.list(tenant).map((r) => ({
        ...r,
        ...sim.faults.stats(r.id),
        actionText: describeAction(r.action),
      })),
    });
  });

  app.post('/faults', async (c) => {
    const body = await readJson(c.req.raw);
    if (!body.ok) return controlError(c, 400, 'bad-json', 'The request body is not valid JSON');
    const parsed = faultRuleSchema.safeParse(body.value);
    if (!parsed.success) return controlError(c, 400, 'bad-fault', zodMessage(parsed.error));
    if (parsed.data.tenant !== undefined && !sim.tenant(parsed.data.tenant)) {
      return controlError(c, 404, 'no-tenant', `no tenant ${parsed.data.tenant}`);
    }
    try {
      const rule = sim.faults.add(parsed.data);
      control(rule.tenant, 'fault.add', rule.id);
      return c.json(rule, 201);
    } catch (err) {
      return controlError(c, 409, 'conflict', err instanceof Error ? err.message : String(err));
    }
  });

  app.delete('/faults', (c) => {
    const tenant = c.req.query('tenant');
    const removed = sim.faults.clear(tenant);
    control(tenant, 'fault.clear', `${removed} removed`);
    return c.json({ removed });
  });

  app.delete('/faults/:id', (c) => {
    const id = c.req.param('id');
    if (!sim.faults.remove(id)) return controlError(c, 404, 'no-fault', `no fault rule ${id}`);
    control(undefined, 'fault.remove', id);
    return c.body(null, 204);
  });

  const journalQuery = (c: { req: { query(name: string): string | undefined } }) => {
    const kind = c.req.query('kind');
    if (kind !== undefined && !journalKinds.includes(kind as JournalKind)) {
      return { error: `kind must be one of ${journalKinds.join(', ')}` } as const;
    }
    const num = (name: string) => {
      const v = c.req.query(name);
      if (v === undefined) return undefined;
      const n = Number(v);
      return Number.isFinite(n) ? n : Number.NaN;
    };
    const since = num('since');
    const sinceAt = num('sinceAt');
    const limit = num('limit');
    if ([since, sinceAt, limit].some((n) => Number.isNaN(n)))
      return { error: 'since, sinceAt and limit must be numbers' } as const;
    return {
      query: {
        tenant: c.req.query('tenant'),
        kind: kind as JournalKind | undefined,
        sinceSeq: since,
        sinceAt,
        limit,
      },
    } as const;
  };

  app.get('/journal', (c) => {
    const q = journalQuery(c);
    if ('error' in q) return controlError(c, 400, 'bad-query', q.error ?? '');
    const entries = sim.journal.query(q.query);
    if (c.req.query('format') === 'ndjson') {
      return c.body(toNdjson(entries), 200, { 'content-type': 'application/x-ndjson' });
    }
    return c.json({ entries, total: sim.journal.count, dropped: sim.journal.dropped });
  });

  app.post('/journal', async (c) => {
    const body = await readJson(c.req.raw);
    if (!body.ok) return controlError(c, 400, 'bad-json', 'The request body is not valid JSON');
    const parsed = markSchema.safeParse(body.value);
    if (!parsed.success) return controlError(c, 400, 'bad-request', zodMessage(parsed.error));
    const { tenant, action, detail } = parsed.data;
    if (tenant !== undefined && !sim.tenant(tenant))
      return controlError(c, 404, 'no-tenant', `no tenant ${tenant}`);
    control(tenant, action, detail);
    return c.json({ seq: sim.journal.count }, 201);
  });

  app.get('/journal.ndjson', (c) => {
    const q = journalQuery(c);
    if ('error' in q) return controlError(c, 400, 'bad-query', q.error ?? '');
    return c.body(toNdjson(sim.journal.query(q.query)), 200, {
      'content-type': 'application/x-ndjson',
      'content-disposition': 'attachment; filename="journal.ndjson"',
    });
  });

  return app;
}

/** The lowest seed whose generated tenant would not clash with the running ones. */
function nextFreeSeed(sim: Simulator): number {
  for (let seed = 1; seed < 9000; seed++) {
    const candidate = seedTenant(seed, { agents: 1 });
    if (!sim.tenantByWorkNo(candidate.agents[0]!.workNo) && !sim.tenants().some((t) => t.seed === seed))
      return seed;
  }
  throw new Error('no free seed left');
}
