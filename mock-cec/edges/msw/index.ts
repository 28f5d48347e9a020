/**
 * msw handlers for the vendor's APIs, built from the same route records as the
 * server, so a user's unit test of their CEC client needs no server and meets
 * the same behaviour (faults and journal included).
 *
 *   import { setupServer } from 'msw/node';
 *   import { createCecHandlers } from 'mock-cec/msw';
 *   const cec = createCecHandlers({ baseUrl: 'https://cec.example.com', seed: 1 });
 *   const server = setupServer(...cec.handlers);
 */
import { type HttpHandler, HttpResponse, http } from 'msw';
import { composeTenants } from '../../compose-tenants.ts';
import type { CustomerCalls } from '../../domain/calls/customer-calls.ts';
import { noSoftphones } from '../../domain/calls/no-softphones.ts';
import { seedTenant } from '../../infrastructure/config/seed-tenant.ts';
import { type TenantInput, tenantSchema } from '../../infrastructure/config/tenant-schema.ts';
import type { Clock } from '../../infrastructure/primitives/clock.ts';
import { lazyJsonObject } from '../../infrastructure/primitives/json-object.ts';
import { Simulator } from '../../infrastructure/state/simulator.ts';
import type { TenantRuntime } from '../../infrastructure/state/tenant-runtime.ts';
import { dispatch } from '../api/dispatch.ts';
import type { RouteDef, VendorRequest } from '../api/route.ts';
import { vendorRoutes } from '../api/routes.ts';

export interface CecHandlersOptions {
  /** Where the client thinks the CEC is (default https://cec.mock). */
  baseUrl?: string;
  /** Seed of the generated tenant (default 1). Ignored when `tenant` is given. */
  seed?: number;
  tenant?: TenantInput;
  /** A clock of the test's own (e.g. a ManualClock), default the system clock. */
  clock?: Clock;
  /** Use this simulator instead of a new one (several handler sets on one simulator). */
  sim?: Simulator;
  /** The SIP side for the agent gateway's calls (default: no softphone is ever registered). */
  customerCalls?: CustomerCalls;
}

export interface CecHandlers {
  handlers: HttpHandler[];
  sim: Simulator;
  tenant: TenantRuntime;
}

const methods = {
  GET: http.get,
  POST: http.post,
  PUT: http.put,
  DELETE: http.delete,
  OPTIONS: http.options,
} as const;

async function toVendorRequest(request: Request, params: Record<string, unknown>): Promise<VendorRequest> {
  const url = new URL(request.url);
  const body = request.method === 'GET' ? '' : await request.text();
  const stringParams: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (typeof v === 'string') stringParams[k] = v;
  return {
    method: request.method,
    path: url.pathname,
    params: stringParams,
    query: url.searchParams,
    header: (name) => request.headers.get(name) ?? undefined,
    body,
    jsonObject: lazyJsonObject(body),
    signal: request.signal,
  };
}

export function handlerFor(route: RouteDef, path: string, baseUrl: string, sim: Simulator): HttpHandler {
  return methods[route.method](`${baseUrl}${path}`, async ({ request, params }) => {
    const outcome = await dispatch(route, await toVendorRequest(request, params), sim);
    if ('drop' in outcome) return HttpResponse.error();
    const headers = new Headers(outcome.headers);
    for (const cookie of outcome.cookies ?? []) headers.append('set-cookie', cookie);
    const body = outcome.status === 204 ? null : outcome.body;
    return new HttpResponse(body, { status: outcome.status, headers });
  });
}

export function createCecHandlers(options: CecHandlersOptions = {}): CecHandlers {
  const baseUrl = (options.baseUrl ?? 'https://cec.mock').replace(/\/$/, '');
  const sim = options.sim ?? new Simulator({ clock: options.clock });
  if (!options.sim) composeTenants(sim, { center: { calls: options.customerCalls ?? noSoftphones } });
  const seed = options.seed ?? 1;
  const config = options.tenant ? tenantSchema.parse(options.tenant) : seedTenant(seed);
  const tenant = sim.addTenant(config, seed);
  const url = new URL(baseUrl);
  sim.endpoints = {
    ...sim.endpoints,
    host: url.hostname,
    httpBase: baseUrl,
    httpPort: Number(url.port) || 443,
  };
  const handlers = vendorRoutes.flatMap((route) =>
    route.paths.map((path) => handlerFor(route, path, baseUrl, sim)),
  );
  return { handlers, sim, tenant };
}
