/**
 * The control API's calls and agents (under /__mock/): place a customer call
 * into a skill queue, list calls, make the customer hang up, and see the
 * agents' states. The simulator's own API: its errors are `{"error"}`, never
 * vendor codes.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { callView } from '../acd/call-record.ts';
import { defaultInboundBehaviour } from '../acd/customer-directory.ts';
import type { AgentRecord } from '../agents/agent-book.ts';
import { vendorStateCode } from '../agents/agent-state.ts';
import { type CallCenter, callCenterOf } from '../gateway/call-center.ts';
import type { Simulator } from '../state/simulator.ts';
import type { TenantRuntime } from '../state/tenant-runtime.ts';
import { controlError } from './control-error.ts';

const sourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('tone'), frequencyHz: z.number().min(20).max(8000).optional() }),
  z.object({ kind: z.literal('echo') }),
  z.object({ kind: z.literal('silence') }),
  z.object({ kind: z.literal('file'), path: z.string().min(1) }),
]);

const behaviourSchema = z
  .object({
    answer: z.enum(['answer', 'busy', 'no-answer']).default('answer'),
    answerAfterMs: z.number().int().min(0).max(600_000).optional(),
    hangupAfterMs: z.number().int().min(0).max(86_400_000).optional(),
    source: sourceSchema.default(defaultInboundBehaviour.source),
    mode: z.enum(['both', 'one-way-in', 'one-way-out', 'silent']).default('both'),
  })
  .strict();

const newCallSchema = z
  .object({
    tenant: z.string().min(1),
    skillId: z.number().int().min(1).optional(),
    /** The customer's number (caller ID). [choice: default 13800138000] */
    from: z
      .string()
      .regex(/^[0-9*#+]{1,24}$/)
      .default('13800138000'),
    /** The access code the customer dialled. [choice: default 10000] */
    to: z
      .string()
      .regex(/^[0-9*#+]{1,24}$/)
      .default('10000'),
    behaviour: behaviourSchema.prefault({}),
  })
  .strict();

export function callsControl(sim: Simulator): Hono {
  const app = new Hono();
  const centerOf = (t: TenantRuntime | undefined) => (t ? callCenterOf(t) : undefined);

  app.post('/calls', async (c) => {
    let body: unknown;
    try {
      body = JSON.parse((await c.req.text()) || '{}');
    } catch {
      return controlError(c, 400, 'bad-json', 'The request body is not valid JSON');
    }
    const parsed = newCallSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return controlError(c, 400, 'bad-call', `${issue.path.join('.') || 'body'}: ${issue.message}`);
    }
    const { tenant: id, skillId, from, to, behaviour } = parsed.data;
    const tenant = sim.tenant(id);
    const center = centerOf(tenant);
    if (!tenant || !center) return controlError(c, 404, 'no-tenant', `no tenant ${id}`);
    const skill = skillId ?? tenant.config.skills[0]!.id;
    const corr = sim.nextCorr();
    const result = center.acd.enqueue({ skillId: skill, from, to, behaviour }, corr);
    sim.journal.append({
      kind: 'control',
      at: tenant.now(),
      tenant: tenant.id,
      corr,
      action: 'call.place',
      detail: result.ok ? result.call.id : result.problem,
    });
    if (!result.ok && result.problem === 'no-such-skill') {
      return controlError(c, 400, 'no-skill', `tenant ${id} has no skill queue ${skill}`);
    }
    if (!result.ok) {
      return controlError(c, 409, 'queue-full', `skill queue ${skill} is full (acd.queueCapacity)`);
    }
    return c.json(callView(result.call), 201);
  });

  app.get('/calls', (c) => {
    const id = c.req.query('tenant');
    const tenants = id === undefined ? sim.tenants() : [sim.tenant(id)].filter((t) => t !== undefined);
    if (id !== undefined && tenants.length === 0) return controlError(c, 404, 'no-tenant', `no tenant ${id}`);
    const calls = tenants.flatMap((t) =>
      (centerOf(t)?.acd.list() ?? []).map((call) => ({ tenant: t.id, ...callView(call) })),
    );
    return c.json({ calls });
  });

  app.delete('/calls/:id', (c) => {
    const callId = c.req.param('id');
    const id = c.req.query('tenant');
    const tenants = id === undefined ? sim.tenants() : [sim.tenant(id)].filter((t) => t !== undefined);
    const owners = tenants.filter((t) => centerOf(t)?.acd.get(callId));
    if (owners.length > 1) {
      return controlError(c, 409, 'ambiguous', `call ${callId} exists in several tenants: add ?tenant=`);
    }
    const tenant = owners[0];
    const center = centerOf(tenant);
    if (!tenant || !center) return controlError(c, 404, 'no-call', `no call ${callId}`);
    const corr = sim.nextCorr();
    const hungUp = center.acd.customerHangup(callId, corr);
    sim.journal.append({
      kind: 'control',
      at: tenant.now(),
      tenant: tenant.id,
      corr,
      action: 'call.hangup',
      detail: callId,
    });
    return hungUp
      ? c.json(callView(center.acd.get(callId)!))
      : controlError(c, 409, 'ended', `call ${callId} has ended`);
  });

  app.get('/tenants/:id/agents', (c) => {
    const tenant = sim.tenant(c.req.param('id'));
    const center = centerOf(tenant);
    if (!tenant || !center) return controlError(c, 404, 'no-tenant', `no tenant ${c.req.param('id')}`);
    return c.json({
      agents: center.agents.all().map((a) => agentView(a, center)),
    });
  });

  return app;
}

/** An agent as GET /__mock/tenants/{id}/agents shows it; the console and the harness read this type. */
export function agentView(a: AgentRecord, center: CallCenter) {
  return {
    workNo: a.workNo,
    accountCode: a.config.accountCode,
    state: a.state,
    stateCode: vendorStateCode[a.state],
    since: a.since,
    reason: a.reason,
    phonenum: a.login?.phonenum ?? null,
    registered: a.login ? center.acd.isRegistered(a.login.phonenum) : false,
    autoanswer: a.login?.autoanswer ?? null,
    autoenteridle: a.login?.autoenteridle ?? null,
    callId: a.callId ?? null,
    afterCall: a.afterCall?.state ?? null,
    queuedEvents: a.events.length,
    polling: center.polls.isWaiting(a.workNo),
  };
}

export type AgentView = ReturnType<typeof agentView>;
