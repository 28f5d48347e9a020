import type { CustomerDirectory } from '../domain/acd/customer-directory.ts';
import { eventProblem } from '../domain/agents/event-catalogue.ts';
import type { Tenant } from '../infrastructure/config/tenant-schema.ts';
import { FakeCustomerCalls } from './fake-customer-calls.ts';
import { testApp } from './test-app.ts';

const BASE = '/agentgateway/resource';

/**
 * testApp plus the contact center on a fake SIP side, and helpers that speak
 * the agent gateway as a client would (sign in, poll, act with the GUID).
 */
export function gatewayTestApp(
  seed = 1,
  patch: (t: Tenant) => Tenant = (t) => t,
  options: { directory?: CustomerDirectory } = {},
) {
  const calls = new FakeCustomerCalls();
  const t = testApp(seed, patch, { center: { calls, directory: options.directory } });
  const center = t.tenant.center!;
  const agents = t.tenant.config.agents;
  const guids = new Map<number, string>();

  const call = async (method: string, path: string, workNo: number, init: { body?: unknown } = {}) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json;charset=UTF-8' };
    const guid = guids.get(workNo);
    if (guid) headers.Guid = guid;
    const res = await t.request(`${BASE}${path}`, {
      method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const set = res.headers.get('set-guid');
    if (set) guids.set(workNo, set.replace(/^JSESSIONID=/, ''));
    const body = (await res.json()) as GatewayBody;
    // Every event a test polls must match the catalogue (docs/vendor/agent-events.md).
    const problem = body.event && eventProblem(body.event);
    if (problem) throw new Error(`the gateway delivered an event that breaks the catalogue: ${problem}`);
    return { status: res.status, setGuid: set, body };
  };

  return {
    ...t,
    calls,
    center,
    agents,
    guids,
    /** Advance the tenant's clock and fire its timers. */
    advance: (ms: number) => t.tenant.advance(ms),
    call,
    signIn(workNo = agents[0]!.workNo, body: Record<string, unknown> = {}, force = false) {
      const agent = t.tenant.agentByWorkNo(workNo);
      return call('PUT', `/onlineagent/${workNo}${force ? '/forcelogin' : ''}`, workNo, {
        body: { password: agent?.password ?? 'x', phonenum: agent?.sipAccount, autoanswer: false, ...body },
      });
    },
    /** Poll until no event is queued; returns the event types (none waits: the queue is empty). */
    drain(workNo = agents[0]!.workNo) {
      const out: string[] = [];
      const agent = center.agents.get(workNo)!;
      for (let e = center.agents.take(agent); e; e = center.agents.take(agent)) out.push(e.eventType);
      return out;
    },
    /** Register the agent's own softphone with the fake SIP side. */
    register(workNo = agents[0]!.workNo) {
      calls.register(t.tenant.id, t.tenant.agentByWorkNo(workNo)!.sipAccount);
    },
  };
}

export interface GatewayBody {
  message: string;
  retcode: string;
  result?: unknown;
  event?: { eventType: string; workNo: string; content: unknown; eventGenTime: number };
}

export type GatewayTestApp = ReturnType<typeof gatewayTestApp>;
