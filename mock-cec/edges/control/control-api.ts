/**
 * The control API under /__mock/, a prefix the vendor does not use. Everything
 * the console does goes through it; tests and the harness use it too, through
 * the one typed client (client.ts) derived from the route records mounted here.
 */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { Hono, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import type { Simulator } from '../../infrastructure/state/simulator.ts';
import { sipRoutes } from '../../telephony/sip/control/sip-control-api.ts';
import type { SipService } from '../../telephony/sip/sip-service.ts';
import { consoleRoutes } from '../console/console-routes.ts';
import { agentControlRoutes } from './agent-control.ts';
import { callRoutes } from './calls-control.ts';
import { controlError } from './control-error.ts';
import { CONTROL_TAG, refused, tenantRoutes } from './control-routes.ts';
import { journalStream } from './journal-stream.ts';
import { buildOpenApi } from './openapi.ts';
import { checkResponses, type RouteLike } from './response-check.ts';

export { journalControl, zodMessage } from './control-routes.ts';

export const CONTROL_PREFIX = '/__mock';

export interface ControlApiOptions {
  /**
   * Check every answer against its route record and turn one the record does
   * not declare into a 500 (tests: MOCK_CEC_CHECK_RESPONSES=1).
   */
  checkResponses?: boolean;
}

/** Every route record of the control API, in one list. */
export function controlRecords(sim: Simulator, sip?: SipService) {
  return [
    ...tenantRoutes(sim),
    ...callRoutes(sim),
    ...agentControlRoutes(sim),
    ...sipRoutes(sim, sip),
  ] as const;
}

/** What the console reads of the description: operations by path and method, with their tags. */
const openApiDocSchema = z.looseObject({
  openapi: z.string(),
  paths: z.record(
    z.string(),
    z.record(z.string(), z.looseObject({ operationId: z.string(), tags: z.array(z.string()).default([]) })),
  ),
});

const openApiRoute = createRoute({
  operationId: 'openapi',
  method: 'get',
  path: '/openapi.json',
  summary: 'This description',
  responses: {
    200: { content: { 'application/json': { schema: openApiDocSchema } }, description: 'OpenAPI 3.1' },
  },
});

/** Routes that are not JSON (a stream, a page, this description): described, mounted by hand. */
const describedOnly = [
  createRoute({
    operationId: 'journalStream',
    method: 'get',
    path: '/journal/stream',
    summary:
      'New journal entries as server-sent events, one `data:` JSON line each with `id:` its seq ' +
      '(?tenant, kind=a,b, since or Last-Event-ID to replay what was missed, tail=N to start with the newest N; ' +
      'a `gap` event counts entries skipped for a slow reader; a heartbeat comment every 15 s)',
    responses: {
      200: { content: { 'text/event-stream': { schema: z.string() } }, description: 'The stream' },
      400: refused('A query that does not fit'),
      404: refused('No such tenant'),
    },
  }),
  createRoute({
    operationId: 'console',
    method: 'get',
    path: '/console',
    summary: 'The console: a web page over this API',
    responses: { 200: { content: { 'text/html': { schema: z.string() } }, description: 'The page' } },
  }),
];

export function controlApi(sim: Simulator, sip?: SipService, o: ControlApiOptions = {}) {
  const app = new OpenAPIHono();
  const records = controlRecords(sim, sip);
  if (o.checkResponses ?? process.env.MOCK_CEC_CHECK_RESPONSES === '1') {
    app.use('*', checkResponses([...records.map((r) => r.route as RouteLike), openApiRoute], sim.logger));
  }
  app.use('*', jsonByDefault);
  app.use('/sip/*', async (c, next) => {
    if (!sip) return controlError(c, 404, 'sip-off', 'the SIP side is off (started with --no-sip)');
    await next();
    return undefined;
  });
  app.onError((err, c) => {
    // The validators' own refusals, in the control API's envelope.
    if (err instanceof HTTPException && err.status === 400)
      return controlError(c, 400, 'bad-json', 'The request body is not valid JSON');
    if (err instanceof HTTPException && err.status === 415)
      return controlError(c, 415, 'bad-content-type', 'Send the body as Content-Type: application/json');
    throw err;
  });
  for (const route of describedOnly) app.openAPIRegistry.registerPath(route);
  const api = app
    .openapiRoutes(records)
    .openapi(openApiRoute, (c) =>
      c.json(buildOpenApi(app, CONTROL_PREFIX) as z.output<typeof openApiDocSchema>, 200),
    );
  (app as unknown as Hono).route('/', journalStream(sim));
  (app as unknown as Hono).route('/', consoleRoutes());
  return api;
}

/**
 * A body sent with no Content-Type, or as text/plain (fetch's label for a
 * string body), is read as JSON, as the control API always has: the route
 * records' validators read JSON bodies only when they are labelled so.
 * A GET or HEAD has no body: its `body` is not asked for, since asking makes
 * @hono/node-server build a whole fetch Request from the Node request (the
 * first one loads and compiles undici's Request: part of the cold start, as
 * the health check is a GET).
 */
const jsonByDefault: MiddlewareHandler = async (c, next) => {
  const type = c.req.header('content-type');
  const bodiless = c.req.method === 'GET' || c.req.method === 'HEAD';
  if (!bodiless && (!type || /^text\/plain\b/i.test(type)) && c.req.raw.body !== null) {
    const headers = new Headers(c.req.raw.headers);
    headers.set('content-type', 'application/json');
    c.req.raw = new Request(c.req.raw, { headers, duplex: 'half' } as RequestInit);
  }
  await next();
};

/** The control API's type: what the typed client (client.ts) is derived from. */
export type ControlApp = ReturnType<typeof controlApi>;

export { CONTROL_TAG };
