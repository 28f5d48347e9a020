/**
 * The control API's route records for tenants, clocks, faults and the
 * journal: method, path, request and response schemas, handler. The server
 * mounts them (control-api.ts), /__mock/openapi.json describes them, and the
 * typed client (client.ts) takes its types from them: one description, kept in
 * step by the compiler and, in tests, by a check of every answer.
 */
import { createRoute, defineOpenAPIRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import { describeAction, faultRuleSchema } from '../../domain/faults/fault-rule.ts';
import { seedTenant } from '../../infrastructure/config/seed-tenant.ts';
import { tenantSchema } from '../../infrastructure/config/tenant-schema.ts';
import { type JournalKind, journalKinds, toNdjson } from '../../infrastructure/journal/journal.ts';
import type { Simulator } from '../../infrastructure/state/simulator.ts';
import { controlError } from './control-error.ts';
import {
  advanceSchema,
  clockSchema,
  errorSchema,
  faultListItemSchema,
  faultRuleViewSchema,
  healthSchema,
  idParam,
  journalPageSchema,
  journalQuerySchema,
  markSchema,
  newTenantSchema,
  tenantQuery,
  tenantViewSchema,
} from './control-schemas.ts';
import { tenantView } from './tenant-view.ts';

export const CONTROL_TAG = 'Control (simulator)';

/** A JSON answer of a route record. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});
/** A JSON request body (required: an empty body with no Content-Type is `{}`). */
export const body = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true,
});
export const refused = (description: string) => json(errorSchema, description);

/** The first issue of a zod error as one line: `path: message`. */
export function zodMessage(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const path = issue.path.join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** A record's validation hook: a request that does not fit is a 400 in the control API's envelope, with this code. */
export const refuseAs =
  (code: string) => (result: { success: true } | { success: false; error: z.ZodError }, c: Context) =>
    result.success ? undefined : controlError(c, 400, code, zodMessage(result.error));

/** Journal what the control API changed. */
export function journalControl(
  sim: Simulator,
  tenant: string | undefined,
  action: string,
  detail?: string,
): void {
  sim.journal.append({ kind: 'control', at: sim.clock.now(), tenant, corr: sim.nextCorr(), action, detail });
}

/**
 * Journal a control action before what it causes (causes first): its entry
 * comes before the entries `work` appends, and its detail, known only from
 * what `work` returns, is filled in before anyone reads it. Synchronous work.
 */
export function journalControlFirst<T>(
  sim: Simulator,
  tenant: string | undefined,
  action: string,
  work: (corr: string) => T,
  detail: (result: T) => string | undefined,
): T {
  return sim.journal.quietly(() => {
    const corr = sim.nextCorr();
    const at = tenant === undefined ? sim.clock.now() : (sim.tenant(tenant)?.now() ?? sim.clock.now());
    const entry = sim.journal.append({ kind: 'control', at, tenant, corr, action, detail: undefined });
    const result = work(corr);
    sim.journal.amend(entry.seq, { detail: detail(result) });
    return result;
  });
}

const noTenant = refused('No such tenant');

export function tenantRoutes(sim: Simulator) {
  const control = (tenant: string | undefined, action: string, detail?: string) =>
    journalControl(sim, tenant, action, detail);
  const tenantOr404 = (c: Context, id: string) => {
    const t = sim.tenant(id);
    return t ? { t } : { res: controlError(c, 404, 'no-tenant', `no tenant ${id}`) };
  };

  return [
    defineOpenAPIRoute({
      route: createRoute({
        operationId: 'health',
        method: 'get',
        path: '/health',
        summary: 'Liveness, tenant count and endpoints',
        responses: { 200: json(healthSchema, 'Alive') },
      }),
      handler: (c) =>
        c.json(
          {
            status: 'ok' as const,
            tenants: sim.tenants().length,
            uptimeMs: sim.clock.now() - sim.startedAt,
            endpoints: sim.endpoints,
          },
          200,
        ),
    }),
    defineOpenAPIRoute({
      route: createRoute({
        operationId: 'listTenants',
        method: 'get',
        path: '/tenants',
        summary: 'Every tenant',
        responses: { 200: json(z.object({ tenants: z.array(tenantViewSchema) }), 'The tenants') },
      }),
      handler: (c) => c.json({ tenants: sim.tenants().map(tenantView) }, 200),
    }),
    defineOpenAPIRoute({
      route: createRoute({
        operationId: 'createTenant',
        method: 'post',
        path: '/tenants',
        summary: 'Create a tenant: {seed?, agents?, workNoStart?} or {tenant}',
        request: { body: body(newTenantSchema) },
        responses: {
          201: json(tenantViewSchema, 'Created'),
          400: refused('A body that does not fit, or a tenant that does not'),
          409: refused('Clashes with a running tenant'),
        },
      }),
      hook: refuseAs('bad-request'),
      handler: (c) => {
        const { seed, agents, workNoStart, tenant } = c.req.valid('json');
        const chosenSeed = seed ?? (tenant === undefined ? nextFreeSeed(sim) : 0);
        let config: z.output<typeof tenantSchema>;
        if (tenant !== undefined) {
          const t = tenantSchema.safeParse(tenant);
          if (!t.success) return controlError(c, 400, 'bad-tenant', `tenant.${zodMessage(t.error)}`);
          config = t.data;
        } else {
          config = seedTenant(chosenSeed, { agents, workNoStart });
        }
        const conflict = sim.conflictOf(config);
        if (conflict) return controlError(c, 409, 'conflict', conflict.message);
        // Causes first: the action before the tenant's "created" (a refused one is not journaled).
        const runtime = journalControlFirst(
          sim,
          config.tenantSpaceId,
          'tenant.create',
          () => sim.addTenant(config, chosenSeed),
          (t) => (tenant ? 'from body' : `seed ${t.seed}`),
        );
        return c.json(tenantView(runtime), 201);
      },
    }),
    defineOpenAPIRoute({
      route: createRoute({
        operationId: 'getTenant',
        method: 'get',
        path: '/tenants/{id}',
        summary: 'One tenant',
        request: { params: idParam },
        responses: { 200: json(tenantViewSchema, 'The tenant'), 404: noTenant },
      }),
      handler: (c) => {
        const { t, res } = tenantOr404(c, c.req.valid('param').id);
        return t ? c.json(tenantView(t), 200) : res!;
      },
    }),
    defineOpenAPIRoute({
      route: createRoute({
        operationId: 'deleteTenant',
        method: 'delete',
        path: '/tenants/{id}',
        summary: 'Remove a tenant',
        request: { params: idParam },
        responses: { 204: { description: 'Removed' }, 404: noTenant },
      }),
      handler: (c) => {
        const { id } = c.req.valid('param');
        if (!sim.tenant(id)) return controlError(c, 404, 'no-tenant', `no tenant ${id}`);
        journalControlFirst(
          sim,
          id,
          'tenant.remove',
          () => sim.removeTenant(id),
          () => undefined,
        );
        return c.body(null, 204);
      },
    }),
    defineOpenAPIRoute({
      route: createRoute({
        operationId: 'resetTenant',
        method: 'post',
        path: '/tenants/{id}/reset',
        summary: "Reset a tenant's state, clock offset aside",
        request: { params: idParam },
        responses: { 200: json(tenantViewSchema, 'Reset'), 404: noTenant },
      }),
      handler: (c) => {
        const { t, res } = tenantOr404(c, c.req.valid('param').id);
        if (!t) return res!;
        journalControlFirst(
          sim,
          t.id,
          'tenant.reset',
          () => {
            t.reset();
            return sim.faults.clear(t.id);
          },
          (cleared) => `${cleared} fault rules cleared`,
        );
        return c.json(tenantView(t), 200);
      },
    }),
    defineOpenAPIRoute({
      route: createRoute({
        operationId: 'getClock',
        method: 'get',
        path: '/tenants/{id}/clock',
        summary: "A tenant's clock",
        request: { params: idParam },
        responses: { 200: json(clockSchema, 'The clock'), 404: noTenant },
      }),
      handler: (c) => {
        const { t, res } = tenantOr404(c, c.req.valid('param').id);
        return t ? c.json({ now: t.now(), offsetMs: t.clock.offsetMs }, 200) : res!;
      },
    }),
    defineOpenAPIRoute({
      route: createRoute({
        operationId: 'advanceClock',
        method: 'post',
        path: '/tenants/{id}/clock',
        summary: "Advance a tenant's clock: {advanceMs}",
        request: { params: idParam, body: body(advanceSchema) },
        responses: {
          200: json(clockSchema, 'The clock, advanced'),
          400: refused('A body that does not fit'),
          404: noTenant,
        },
      }),
      hook: refuseAs('bad-request'),
      handler: (c) => {
        const { t, res } = tenantOr404(c, c.req.valid('param').id);
        if (!t) return res!;
        const { advanceMs } = c.req.valid('json');
        journalControlFirst(
          sim,
          t.id,
          'clock.advance',
          () => t.advance(advanceMs),
          () => `${advanceMs}ms`,
        );
        return c.json({ now: t.now(), offsetMs: t.clock.offsetMs }, 200);
      },
    }),
    defineOpenAPIRoute({
      route: createRoute({
        operationId: 'listFaults',
        method: 'get',
        path: '/faults',
        summary: 'Fault rules (?tenant=)',
        request: { query: tenantQuery },
        responses: { 200: json(z.object({ faults: z.array(faultListItemSchema) }), 'The rules') },
      }),
      handler: (c) => {
        const { tenant } = c.req.valid('query');
        return c.json(
          {
            faults: sim.faults.list(tenant).map((r) => ({
              ...r,
              ...sim.faults.stats(r.id),
              actionText: describeAction(r.action),
            })),
          },
          200,
        );
      },
    }),
    defineOpenAPIRoute({
      route: createRoute({
        operationId: 'addFault',
        method: 'post',
        path: '/faults',
        summary: 'Add a fault rule',
        request: { body: body(faultRuleSchema) },
        responses: {
          201: json(faultRuleViewSchema, 'Added'),
          400: refused('A rule that does not fit'),
          404: noTenant,
          409: refused('A rule with this id exists'),
        },
      }),
      hook: refuseAs('bad-fault'),
      handler: (c) => {
        const input = c.req.valid('json');
        if (input.tenant !== undefined && !sim.tenant(input.tenant)) {
          return controlError(c, 404, 'no-tenant', `no tenant ${input.tenant}`);
        }
        try {
          const rule = sim.faults.add(input);
          control(rule.tenant, 'fault.add', rule.id);
          return c.json(rule, 201);
        } catch (err) {
          return controlError(c, 409, 'conflict', err instanceof Error ? err.message : String(err));
        }
      },
    }),
    defineOpenAPIRoute({
      route: createRoute({
        operationId: 'clearFaults',
        method: 'delete',
        path: '/faults',
        summary: 'Remove fault rules (?tenant=)',
        request: { query: tenantQuery },
        responses: { 200: json(z.object({ removed: z.number().int() }), 'How many were removed') },
      }),
      handler: (c) => {
        const { tenant } = c.req.valid('query');
        const removed = sim.faults.clear(tenant);
        control(tenant, 'fault.clear', `${removed} removed`);
        return c.json({ removed }, 200);
      },
    }),
    defineOpenAPIRoute({
      route: createRoute({
        operationId: 'removeFault',
        method: 'delete',
        path: '/faults/{id}',
        summary: 'Remove one fault rule',
        request: { params: idParam },
        responses: { 204: { description: 'Removed' }, 404: refused('No such rule') },
      }),
      handler: (c) => {
        const { id } = c.req.valid('param');
        if (!sim.faults.remove(id)) return controlError(c, 404, 'no-fault', `no fault rule ${id}`);
        control(undefined, 'fault.remove', id);
        return c.body(null, 204);
      },
    }),
    defineOpenAPIRoute({
      route: createRoute({
        operationId: 'journal',
        method: 'get',
        path: '/journal',
        summary: 'Journal entries (?tenant, kind, since, sinceAt, limit, format=ndjson)',
        request: { query: journalQuerySchema },
        responses: {
          200: {
            content: {
              'application/json': { schema: journalPageSchema },
              'application/x-ndjson': { schema: z.string() },
            },
            description: 'The entries (NDJSON with format=ndjson)',
          },
          400: refused('A query that does not fit'),
        },
      }),
      hook: refuseAs('bad-query'),
      handler: (c) => {
        const q = journalQuery(c.req.valid('query'));
        if (q.error !== undefined) return controlError(c, 400, 'bad-query', q.error);
        const entries = sim.journal.query(q.query);
        if (c.req.valid('query').format === 'ndjson') {
          // Declared in the record; its types know JSON answers only, so this one is cast.
          return c.body(toNdjson(entries), 200, { 'content-type': 'application/x-ndjson' }) as never;
        }
        return c.json({ entries, total: sim.journal.count, dropped: sim.journal.dropped }, 200);
      },
    }),
    defineOpenAPIRoute({
      route: createRoute({
        operationId: 'journalMark',
        method: 'post',
        path: '/journal',
        summary: 'Write a control entry into the journal: {tenant?, action, detail?} (test step marks)',
        request: { body: body(markSchema) },
        responses: {
          201: json(z.object({ seq: z.number().int() }), 'Written: its sequence number'),
          400: refused('A body that does not fit'),
          404: noTenant,
        },
      }),
      hook: refuseAs('bad-request'),
      handler: (c) => {
        const { tenant, action, detail } = c.req.valid('json');
        if (tenant !== undefined && !sim.tenant(tenant))
          return controlError(c, 404, 'no-tenant', `no tenant ${tenant}`);
        control(tenant, action, detail);
        return c.json({ seq: sim.journal.count }, 201);
      },
    }),
    defineOpenAPIRoute({
      route: createRoute({
        operationId: 'journalNdjson',
        method: 'get',
        path: '/journal.ndjson',
        summary: 'Journal as NDJSON',
        request: { query: journalQuerySchema },
        responses: {
          200: { description: 'NDJSON (application/x-ndjson), one entry a line' },
          400: refused('A query that does not fit'),
        },
      }),
      hook: refuseAs('bad-query'),
      handler: (c) => {
        const q = journalQuery(c.req.valid('query'));
        if (q.error !== undefined) return controlError(c, 400, 'bad-query', q.error);
        return c.body(toNdjson(sim.journal.query(q.query)), 200, {
          'content-type': 'application/x-ndjson',
          'content-disposition': 'attachment; filename="journal.ndjson"',
        });
      },
    }),
  ] as const;
}

/** The journal query's numbers and kind, checked; the message says which is wrong. */
function journalQuery(q: z.output<typeof journalQuerySchema>) {
  if (q.kind !== undefined && !journalKinds.includes(q.kind as JournalKind)) {
    return { error: `kind must be one of ${journalKinds.join(', ')}` } as const;
  }
  if ([q.since, q.sinceAt, q.limit].some((n) => Number.isNaN(n)))
    return { error: 'since, sinceAt and limit must be numbers' } as const;
  return {
    query: {
      tenant: q.tenant,
      kind: q.kind as JournalKind | undefined,
      sinceSeq: q.since,
      sinceAt: q.sinceAt,
      limit: q.limit,
    },
  } as const;
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
