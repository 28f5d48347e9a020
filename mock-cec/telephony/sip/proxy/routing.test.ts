import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SipReadings } from '../core/readings.ts';
import type { Binding } from '../registrar/binding.ts';
import { Registrar } from '../registrar/registrar.ts';
import { bestResponseIndex, relayedStatus } from './best-response.ts';
import { decideRoute, mayBeLocal, type RoutingInput, type RoutingWorld } from './routing.ts';
import type { SipTenant } from './sip-tenant.ts';

function tenant(id: string, accounts: string[], customers: string[] = []): SipTenant {
  return {
    id,
    now: () => 0,
    registrar: new Registrar(),
    account: (u) =>
      accounts.includes(u) ? { username: u, password: 'p', workNo: 101, tenant: id } : undefined,
    isCustomerNumber: (n) => customers.includes(n),
    digestAlgorithms: ['MD5'],
  };
}

const t1 = tenant('t1', ['101', '102'], ['5550100']);
const t2 = tenant('t2', ['201']);
t1.registrar.register(
  {
    kind: 'update',
    aor: '102',
    contacts: [{ uri: 'sip:b@b.invalid;transport=ws', uriKey: 'sip:b@b.invalid' }],
  },
  { callId: 'c', cseq: 1, flow: { id: 'w2', transport: 'wss' } },
  0,
);
const alive = new Set(['w1', 'w2', 'mem']);
const world: RoutingWorld = {
  tenantOfAccount: (u) => [t1, t2].find((t) => t.account(u)),
  bindingByUri: (key) => {
    const binding = t1.registrar.byUriKey(key, 0);
    return binding ? { binding, tenant: t1 } : undefined;
  },
  flowAlive: (id) => alive.has(id),
  customerFlowId: () => 'mem',
};
const input = (o: Partial<RoutingInput>): RoutingInput => ({
  method: 'INVITE',
  uri: 'sip:102@h',
  inDialog: false,
  inboundFlowId: 'w1',
  ...o,
});
const targets = (d: ReturnType<typeof decideRoute>) =>
  d.kind === 'forward'
    ? d.targets.map((t) =>
        t.kind === 'binding'
          ? `binding:${(t.binding as Binding).uri}`
          : t.kind === 'flow'
            ? `flow:${t.flowId}`
            : t.kind,
      )
    : d;

describe('decideRoute', () => {
  it('keeps REGISTER and server OPTIONS local', () => {
    expect(decideRoute(input({ method: 'REGISTER' }), world)).toEqual({ kind: 'local', handler: 'register' });
    expect(decideRoute(input({ method: 'OPTIONS', uri: 'sip:127.0.0.1' }), world)).toEqual({
      kind: 'local',
      handler: 'options',
    });
  });

  it('forks to the bindings of an agent of the caller tenant', () => {
    expect(targets(decideRoute(input({ callerTenant: t1 }), world))).toEqual([
      'binding:sip:b@b.invalid;transport=ws',
    ]);
    expect(decideRoute(input({ uri: 'sip:101@h', callerTenant: t1 }), world)).toMatchObject({
      kind: 'reject',
      status: 480,
    });
    expect(decideRoute(input({ uri: 'sip:201@h', callerTenant: t1 }), world)).toMatchObject({
      kind: 'reject',
      status: 404,
    });
  });

  it('follows the recorded flows, and falls back on the contact when the other flow is gone', () => {
    expect(targets(decideRoute(input({ inDialog: true, routeFlows: ['w1', 'mem'] }), world))).toEqual([
      'flow:mem',
    ]);
    expect(
      targets(decideRoute(input({ inDialog: true, inboundFlowId: 'mem', routeFlows: ['w1', 'mem'] }), world)),
    ).toEqual(['flow:w1']);
    const viaContact = decideRoute(
      input({ uri: 'sip:b@b.invalid;transport=ws', inDialog: true, routeFlows: ['w1', 'gone'] }),
      world,
    );
    expect(targets(viaContact)).toEqual(['binding:sip:b@b.invalid;transport=ws']);
  });

  it('sends customer numbers of the caller tenant, and in-dialog requests for non-agents, to the customer', () => {
    expect(targets(decideRoute(input({ uri: 'sip:5550100@h', callerTenant: t1 }), world))).toEqual([
      'customer',
    ]);
    expect(decideRoute(input({ uri: 'sip:5550100@h', callerTenant: t2 }), world)).toMatchObject({
      status: 404,
    });
    expect(
      targets(decideRoute(input({ method: 'BYE', uri: 'sip:5550100@h', inDialog: true }), world)),
    ).toEqual(['customer']);
    expect(
      decideRoute(
        input({ method: 'BYE', uri: 'sip:5550100@h', inDialog: true, inboundFlowId: 'mem' }),
        world,
      ),
    ).toMatchObject({ status: 481 });
  });

  it('refuses what it cannot route', () => {
    expect(decideRoute(input({ uri: 'tel:+4930123' }), world)).toMatchObject({ kind: 'reject', status: 416 });
    expect(decideRoute(input({ uri: 'sip:h' }), world)).toMatchObject({ kind: 'reject', status: 404 });
  });

  it("decides the same with the proxy's remembered readings as with plain ones", () => {
    // One SipReadings for the whole run, small, so that texts repeat, hit and overflow it.
    const remembered: RoutingWorld = { ...world, readings: new SipReadings(8) };
    const uri = fc
      .tuple(
        fc.constantFrom('sip', 'SIP', 'sips', 'tel'),
        fc.constantFrom('', '101@', '102@', '201@', '5550100@', 'b@', 'a%31@', 'x y@'),
        fc.constantFrom('h', 'b.invalid', 'B.Invalid', '127.0.0.1:5060', '[::1', ''),
        fc.constantFrom('', ';transport=ws', ';lr', '?x=1'),
      )
      .map(([s, u, h, p]) => `${s}:${u}${h}${p}`);
    fc.assert(
      fc.property(
        uri,
        fc.constantFrom('INVITE', 'OPTIONS', 'BYE', 'MESSAGE', 'REGISTER', 'SUBSCRIBE'),
        fc.boolean(),
        fc.constantFrom(undefined, t1, t2),
        (u, method, inDialog, callerTenant) => {
          const i = input({ uri: u, method, inDialog, callerTenant });
          const decision = decideRoute(i, world);
          expect(decideRoute(i, remembered)).toEqual(decision);
          // The proxy authenticates before routing what cannot be local (sip-proxy.ts #route).
          if (decision.kind === 'local') expect(mayBeLocal(method)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('best final response (RFC 3261 §16.7 step 6)', () => {
  it('prefers 6xx, then the lowest class, 4xx over 5xx, and relays 503 as 500', () => {
    expect(bestResponseIndex([503, 486])).toBe(1);
    expect(bestResponseIndex([486, 603, 302])).toBe(1);
    expect(bestResponseIndex([500, 302, 404])).toBe(1);
    expect(relayedStatus(503)).toBe(500);
    expect(relayedStatus(486)).toBe(486);
  });
});
