import { faultDelay, matchFault } from '../../domain/faults/apply-fault.ts';
import type { FaultAction } from '../../domain/faults/fault-rule.ts';
import { httpJournalOf } from '../../infrastructure/journal/http-journal.ts';
import type { Simulator } from '../../infrastructure/state/simulator.ts';
import type { RouteContext, RouteDef, VendorRequest, VendorResponse } from './route.ts';

/** What an adapter must do: answer, or close the connection without an answer. */
export type Outcome = VendorResponse | { drop: true };

/**
 * Run one vendor request: find its tenant, apply a fault rule if one matches,
 * call the route's handler, and journal the exchange. Every adapter (node:http
 * fast path, Hono, msw) comes through here, so faults and the journal behave
 * the same in each. Synchronous when the handler is and no fault delays: the
 * common case allocates no promise.
 */
export function dispatch(route: RouteDef, req: VendorRequest, sim: Simulator): Outcome | Promise<Outcome> {
  const started = performance.now();
  const tenant = route.tenantOf?.(req, sim);
  const ctx: RouteContext = { sim, tenant, corr: sim.nextCorr() };
  const journal = (outcome: Outcome, fault?: string) => {
    record(route, req, ctx, outcome, started, fault);
    return outcome;
  };
  const slot = route.oneAtATime && req.params.agentid ? `${route.oneAtATime.key}|${req.params.agentid}` : '';
  if (!slot) return run(route, req, ctx, journal);
  const busy = inFlightOf(sim);
  if (busy.has(slot)) {
    const retcode = route.oneAtATime!.retcode;
    const refused = route.group.retcode?.(retcode) ?? route.group.error(409);
    return journal({ ...refused, note: 'the previous request has not been answered yet' });
  }
  busy.add(slot);
  const done = (o: Outcome) => {
    busy.delete(slot);
    return o;
  };
  try {
    const outcome = run(route, req, ctx, journal);
    return outcome instanceof Promise ? outcome.finally(() => busy.delete(slot)) : done(outcome);
  } catch (err) {
    busy.delete(slot);
    throw err;
  }
}

const inFlight = new WeakMap<Simulator, Set<string>>();

function inFlightOf(sim: Simulator): Set<string> {
  const known = inFlight.get(sim);
  if (known) return known;
  const set = new Set<string>();
  inFlight.set(sim, set);
  return set;
}

function run(
  route: RouteDef,
  req: VendorRequest,
  ctx: RouteContext,
  journal: (outcome: Outcome, fault?: string) => Outcome,
): Outcome | Promise<Outcome> {
  const { sim, tenant } = ctx;

  const hit = sim.faults.size > 0 ? httpFault(route, req, ctx) : undefined;
  if (hit) {
    const act = () => {
      const imposed = applyFault(hit.action, route, sim, tenant);
      return imposed
        ? journal(imposed, hit.rule.id)
        : then(handle(route, req, ctx), (o) => journal(o, hit.rule.id));
    };
    return hit.delayMs > 0 ? faultDelay(sim, tenant, hit.delayMs).then(act) : act();
  }
  return then(handle(route, req, ctx), journal);
}

function httpFault(route: RouteDef, req: VendorRequest, { sim, tenant, corr }: RouteContext) {
  return matchFault(
    sim,
    tenant,
    {
      on: 'http',
      tenant: tenant?.id,
      api: route.api,
      path: req.path,
      method: req.method,
      appKey: req.header('x-app-key') ?? tenant?.config.app.appKey,
      agent: req.params.agentid,
    },
    () => ({ corr, target: `${req.method} ${req.path}` }),
  );
}

/** The handler's answer; a bug in it becomes the group's 500, logged, never a stack trace to the client. */
function handle(route: RouteDef, req: VendorRequest, ctx: RouteContext): Outcome | Promise<Outcome> {
  const failed = (err: unknown) => {
    ctx.sim.logger.error('handler failed', {
      api: route.api,
      error: err instanceof Error ? err.stack : String(err),
    });
    return route.group.error(500, 'Internal error in the simulator (see its log)');
  };
  try {
    const result = route.handle(req, ctx);
    return result instanceof Promise ? result.catch(failed) : result;
  } catch (err) {
    return failed(err);
  }
}

function record(
  route: RouteDef,
  req: VendorRequest,
  { sim, tenant, corr }: RouteContext,
  outcome: Outcome,
  started: number,
  fault?: string,
) {
  const response = 'drop' in outcome ? undefined : outcome;
  // Kept in columns, not as an object per request (journal/http-journal.ts).
  httpJournalOf(sim.journal).write(
    {
      at: tenant?.now() ?? sim.clock.now(),
      tenant: tenant?.id,
      corr,
      api: route.api,
      method: req.method,
      path: req.path,
      status: response?.status ?? 0,
      code: response?.code,
      ms: Math.round((performance.now() - started) * 1000) / 1000,
      remote: req.remote,
      note: response ? response.note : 'connection dropped',
      fault,
    },
    route.paths,
  );
}

function then<T, R>(value: T | Promise<T>, f: (v: T) => R): R | Promise<R> {
  return value instanceof Promise ? value.then(f) : f(value);
}

/** The outcome a fault action imposes, or undefined to handle the request normally. */
function applyFault(
  action: FaultAction,
  route: RouteDef,
  sim: Simulator,
  tenant: ReturnType<NonNullable<RouteDef['tenantOf']>>,
): Outcome | undefined {
  switch (action.do) {
    case 'status':
      return route.group.error(action.status, action.message);
    case 'retcode':
      return route.group.retcode
        ? route.group.retcode(action.retcode, action.message)
        : route.group.error(500, `retcode ${action.retcode} does not apply to ${route.group.name}`);
    case 'body':
      return { status: action.status, headers: { 'content-type': action.contentType }, body: action.body };
    case 'malformed':
      return {
        status: 200,
        headers: { 'content-type': 'application/json;charset=UTF-8' },
        body: '{"AccessToken":"',
      };
    case 'drop':
      return { drop: true };
    case 'expire-tokens':
      if (tenant) tenant.tokens.expireAll(tenant.now());
      return undefined;
    case 'delay':
      return undefined;
    default:
      // SIP and media actions do not apply to HTTP; the rule is journaled and the request handled.
      sim.logger.warn('fault action does not apply to HTTP', { action: action.do });
      return undefined;
  }
}
