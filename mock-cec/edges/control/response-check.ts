import type { MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import type { Logger } from '../../infrastructure/primitives/logger.ts';

/** What the check needs of a route record. */
export interface RouteLike {
  method: string;
  path: string;
  responses: Record<
    string | number,
    { content?: Record<string, { schema?: unknown }> | undefined; description: string }
  >;
}

interface Compiled {
  method: string;
  pattern: RegExp;
  route: RouteLike;
}

/** `/tenants/{id}` → a pattern for `/__mock/tenants/t1` (mounted anywhere). */
const compile = (route: RouteLike): Compiled => ({
  method: route.method.toUpperCase(),
  pattern: new RegExp(`${route.path.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
  route,
});

/**
 * A middleware for tests: every answer of a route record must be one the
 * record declares, a status it lists and, for JSON, a body its schema accepts.
 * One that is not becomes a 500 `undeclared-response` naming the difference,
 * so the test that met it fails.
 */
export function checkResponses(routes: RouteLike[], logger?: Logger): MiddlewareHandler {
  // Longest paths first, so /journal.ndjson is never taken for /journal.
  const compiled = routes.map(compile).sort((a, b) => b.route.path.length - a.route.path.length);
  return async (c, next) => {
    await next();
    const found = compiled.find((r) => r.method === c.req.method && r.pattern.test(c.req.path));
    if (!found) return;
    const problem = await mismatch(found.route, c.res);
    if (!problem) return;
    const message = `${c.req.method} ${found.route.path} answered ${c.res.status}, which its route record does not declare: ${problem}`;
    logger?.error('control API answer outside its record', { message });
    c.res = new Response(JSON.stringify({ error: { code: 'undeclared-response', message } }), {
      status: 500,
      headers: { 'content-type': 'application/json' },
    });
  };
}

async function mismatch(route: RouteLike, res: Response): Promise<string | undefined> {
  const declared = route.responses[res.status] ?? route.responses[String(res.status)];
  if (!declared) return `status ${res.status} is not among ${Object.keys(route.responses).join(', ')}`;
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (!declared.content) return undefined;
  const media = declared.content[type];
  if (!media) return `content type "${type}" is not among ${Object.keys(declared.content).join(', ')}`;
  if (type !== 'application/json') return undefined;
  const schema = media.schema as z.ZodType;
  const parsed = schema.safeParse(await res.clone().json());
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0]!;
  return `${issue.path.join('.') || 'body'}: ${issue.message}`;
}
