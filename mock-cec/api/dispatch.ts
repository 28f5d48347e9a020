import { describeAction, type FaultAction } from '../faults/fault-rule.ts';
import type { Simulator } from '../state/simulator.ts';
import type { RouteDef, VendorRequest, VendorResponse } from './route.ts';

/** What an adapter must do: answer, or close the connection without an answer. */
export type Outcome = VendorResponse | { drop: true };

/**
 * Run one vendor request: find its tenant, apply a fault rule if one matches,
 * call the route's handler, and journal the exchange. Both adapters (Hono and
 * msw) come through here, so faults and the journal behave the same in each.
 */
export async function dispatch(route: RouteDef, req: VendorRequest, sim: Simulator): Promise<Outcome> {
  const started = performance.now();
  const tenant = route.tenantOf?.(req, sim);
  const corr = sim.nextCorr();
  let outcome: Outcome | undefined;
  let faultId: string | undefined;

  if (sim.faults.size > 0) {
    const hit = sim.faults.match(
      {
        on: 'http',
        tenant: tenant?.id,
        api: route.api,
        path: req.path,
        method: req.method,
        appKey: req.header('x-app-key') ?? tenant?.config.app.appKey,
        agent: req.params.agentid,
      },
      (tenant?.rng ?? sim.rng).next,
    );
    if (hit) {
      faultId = hit.rule.id;
      sim.journal.append({
        kind: 'fault',
        at: tenant?.now() ?? sim.clock.now(),
        tenant: tenant?.id,
        corr,
        rule: hit.rule.id,
        action: describeAction(hit.action),
        target: `${req.method} ${req.path}`,
      });
      if (hit.delayMs > 0) await wait(hit.delayMs);
      outcome = applyFault(hit.action, route, sim, tenant);
    }
  }

  if (!outcome) {
    try {
      outcome = await route.handle(req, { sim, tenant, corr });
    } catch (err) {
      // A handler bug must not reach the client as a stack trace: answer the group's 500 and log it.
      sim.logger.error('handler failed', {
        api: route.api,
        error: err instanceof Error ? err.stack : String(err),
      });
      outcome = route.group.error(500, 'Internal error in the simulator (see its log)');
    }
  }

  const response = 'drop' in outcome ? undefined : outcome;
  sim.journal.append({
    kind: 'http',
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
    fault: faultId,
  });
  return outcome;
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

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
