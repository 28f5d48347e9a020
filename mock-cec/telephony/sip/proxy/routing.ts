import { plainReadings, type Readings } from '../core/readings.ts';
import { uriUser } from '../core/uri.ts';
import type { Binding } from '../registrar/binding.ts';
import type { SipTenant } from './sip-tenant.ts';

/**
 * Where a request goes (RFC 3261 §16.5, "determining request targets"), as a
 * pure decision over lookups. The order:
 *
 * 1. REGISTER is ours (the registrar).
 * 2. A request that came back through our Record-Route goes out over the
 *    other flow of its dialog, if that flow is still there.
 * 3. A Request-URI naming a registered contact goes to that binding (the
 *    in-dialog fallback, and the NOTIFY that asks a ringing phone to answer).
 * 4. A Request-URI naming an agent's softphone number forks to its bindings
 *    (480 when none, 404 for another tenant's agent: tenants are apart).
 * 5. A customer number of the caller's tenant goes to the simulated customer;
 *    so does an in-dialog request for a number that is no agent's.
 * 6. OPTIONS to the server itself is answered here; anything else is a 404.
 */

export type Target =
  | { readonly kind: 'binding'; readonly binding: Binding; readonly tenant: SipTenant }
  | { readonly kind: 'customer' }
  | { readonly kind: 'flow'; readonly flowId: string };

export type Decision =
  | { readonly kind: 'forward'; readonly targets: readonly Target[]; readonly tenant?: SipTenant }
  | { readonly kind: 'local'; readonly handler: 'register' | 'options' }
  | { readonly kind: 'reject'; readonly status: number; readonly note: string };

export interface RoutingInput {
  readonly method: string;
  readonly uri: string;
  readonly inDialog: boolean;
  readonly inboundFlowId: string;
  /** The flows named by our Route, when the request came back through our Record-Route. */
  readonly routeFlows?: readonly [string, string];
  /** The authenticated caller's tenant; absent for the simulator's own customer and in-dialog requests. */
  readonly callerTenant?: SipTenant;
}

export interface RoutingWorld {
  tenantOfAccount(sipAccount: string): SipTenant | undefined;
  bindingByUri(uriKey: string): { binding: Binding; tenant: SipTenant } | undefined;
  flowAlive(flowId: string): boolean;
  /** The in-memory flow of the simulated customer, when it runs. */
  customerFlowId(): string | undefined;
  /** The proxy's remembered readings (readings.ts): a call's Request-URI repeats request after request. Plain when absent. */
  readonly readings?: Readings;
}

/** Whether `decideRoute` may answer a request of this method `local`: only REGISTER and OPTIONS are answered here. */
export function mayBeLocal(method: string): boolean {
  return method === 'REGISTER' || method === 'OPTIONS';
}

export function decideRoute(input: RoutingInput, world: RoutingWorld): Decision {
  if (input.method === 'REGISTER') return { kind: 'local', handler: 'register' };

  if (input.routeFlows) {
    const [a, b] = input.routeFlows;
    const other = input.inboundFlowId === a ? b : input.inboundFlowId === b ? a : undefined;
    if (other && world.flowAlive(other))
      return { kind: 'forward', targets: [{ kind: 'flow', flowId: other }] };
  }

  const readings = world.readings ?? plainReadings;
  const uri = readings.uri(input.uri);
  // RFC 3261 §16.3 step 2: a scheme we cannot route is a 416.
  if (!uri) return { kind: 'reject', status: 416, note: `cannot route ${input.uri}` };

  const key = readings.uriKey(input.uri);
  const contact = key ? world.bindingByUri(key) : undefined;
  if (contact) {
    return { kind: 'forward', targets: [{ kind: 'binding', ...contact }], tenant: contact.tenant };
  }

  const user = uriUser(uri);
  if (user === undefined || user === '') {
    if (input.method === 'OPTIONS') return { kind: 'local', handler: 'options' };
    return { kind: 'reject', status: 404, note: 'no user in the Request-URI' };
  }

  const agentTenant = world.tenantOfAccount(user);
  if (agentTenant) {
    if (input.callerTenant && input.callerTenant.id !== agentTenant.id) {
      return {
        kind: 'reject',
        status: 404,
        note: `${user} is not an agent of tenant ${input.callerTenant.id}`,
      };
    }
    const bindings = agentTenant.registrar.lookup(user, agentTenant.now());
    if (bindings.length === 0) {
      return { kind: 'reject', status: 480, note: `softphone ${user} is not registered` };
    }
    return {
      kind: 'forward',
      targets: bindings.map((binding) => ({ kind: 'binding', binding, tenant: agentTenant })),
      tenant: agentTenant,
    };
  }

  const customerFlow = world.customerFlowId();
  if (customerFlow !== undefined && input.inboundFlowId !== customerFlow) {
    if (input.callerTenant?.isCustomerNumber(user) || (input.inDialog && !input.callerTenant)) {
      return { kind: 'forward', targets: [{ kind: 'customer' }], tenant: input.callerTenant };
    }
  }
  if (input.inDialog) return { kind: 'reject', status: 481, note: `no dialog reaches ${input.uri}` };
  return { kind: 'reject', status: 404, note: `no agent or customer number ${user}` };
}
