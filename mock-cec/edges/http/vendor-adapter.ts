import type { HttpBindings } from '@hono/node-server';
import type { Context, Hono } from 'hono';
import { lazyJsonObject } from '../../infrastructure/primitives/json-object.ts';
import type { Simulator } from '../../infrastructure/state/simulator.ts';
import { dispatch } from '../api/dispatch.ts';
import type { RouteDef, VendorRequest } from '../api/route.ts';

export type AppEnv = { Bindings: Partial<HttpBindings> };

import { MAX_BODY_BYTES } from './vendor-fast-path.ts';

/** Translate a Hono request into the adapter-neutral VendorRequest. */
async function toVendorRequest(c: Context<AppEnv>, route: RouteDef): Promise<VendorRequest> {
  let query: URLSearchParams | undefined;
  const body = route.method === 'GET' ? '' : await c.req.text();
  return {
    method: c.req.method,
    path: c.req.path,
    params: c.req.param() as Record<string, string>,
    get query() {
      query ??= new URL(c.req.url).searchParams;
      return query;
    },
    header: (name) => c.req.header(name),
    body,
    jsonObject: lazyJsonObject(body),
    remote: c.env?.incoming?.socket.remoteAddress,
    signal: c.req.raw.signal,
  };
}

/**
 * Mount every route definition on a Hono app. On a socket the fast path
 * (vendor-fast-path.ts) answers these first; Hono serves them in-process
 * (`app.request()` in tests) and is the reference behaviour.
 */
export function mountVendorRoutes(app: Hono<AppEnv>, routes: readonly RouteDef[], sim: Simulator): void {
  for (const route of routes) {
    for (const path of route.paths) {
      app.on(route.method, path, async (c) => {
        const length = Number(c.req.header('content-length') ?? 0);
        if (length > MAX_BODY_BYTES) {
          const res = route.group.error(413, `The request body is larger than ${MAX_BODY_BYTES} bytes`);
          return c.body(res.body, res.status as 413, res.headers);
        }
        const outcome = await dispatch(route, await toVendorRequest(c, route), sim);
        if ('drop' in outcome) {
          c.env?.incoming?.socket.destroy();
          return c.body(null, 500);
        }
        for (const cookie of outcome.cookies ?? []) c.header('set-cookie', cookie, { append: true });
        // A 204 (the CORS preflight) must have no body at all.
        if (outcome.status === 204) return c.body(null, 204, outcome.headers);
        return c.body(outcome.body, outcome.status as 200, outcome.headers);
      });
    }
  }
}
