/**
 * The control API's calls and agents (under /__mock/): place a customer call
 * into a skill queue, list calls, make the customer hang up, and see the
 * agents' states. The simulator's own API: its errors are `{"error"}`, never
 * vendor codes.
 */
import { createRoute, defineOpenAPIRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { callView } from '../../domain/acd/call-record.ts';
import { recordingView, samplesOf } from '../../domain/acd/recordings.ts';
import type { AgentRecord } from '../../domain/agents/agent-book.ts';
import { vendorStateCode } from '../../domain/agents/agent-state.ts';
import type { CallCenter } from '../../domain/gateway/call-center.ts';
import type { Simulator } from '../../infrastructure/state/simulator.ts';
import type { TenantRuntime } from '../../infrastructure/state/tenant-runtime.ts';
import { writeWav } from '../../telephony/media/wav.ts';
import { controlError } from './control-error.ts';
import { body, journalControlFirst, json, refuseAs, refused } from './control-routes.ts';
import {
  agentViewSchema,
  callViewSchema,
  idParam,
  newCallSchema,
  recordingParam,
  recordingsParam,
  recordingViewSchema,
  tenantQuery,
} from './control-schemas.ts';

/** The route records of the calls and agents. */
export function callRoutes(sim: Simulator) {
  const centerOf = (t: TenantRuntime | undefined) => t?.center;

  return [
    defineOpenAPIRoute({
      route: createRoute({
        operationId: 'placeCall',
        method: 'post',
        path: '/calls',
        summary: 'A customer calls a skill queue: {tenant, skillId?, from?, to?, behaviour?, callData?}',
        request: { body: body(newCallSchema) },
        responses: {
          201: json(callViewSchema, 'Queued'),
          400: refused('A body that does not fit, or no such skill'),
          404: refused('No such tenant'),
          409: refused('The queue is full'),
        },
      }),
      hook: refuseAs('bad-call'),
      handler: (c) => {
        const { tenant: id, skillId, from, to, behaviour, callData } = c.req.valid('json');
        const tenant = sim.tenant(id);
        const center = centerOf(tenant);
        if (!tenant || !center) return controlError(c, 404, 'no-tenant', `no tenant ${id}`);
        const skill = skillId ?? tenant.config.skills[0]!.id;
        const result = journalControlFirst(
          sim,
          tenant.id,
          'call.place',
          (corr) => center.acd.enqueue({ skillId: skill, from, to, behaviour, callData }, corr),
          (r) => (r.ok ? r.call.id : r.problem),
        );
        if (!result.ok && result.problem === 'no-such-skill') {
          return controlError(c, 400, 'no-skill', `tenant ${id} has no skill queue ${skill}`);
        }
        if (!result.ok) {
          return controlError(c, 409, 'queue-full', `skill queue ${skill} is full (acd.queueCapacity)`);
        }
        return c.json(callView(result.call), 201);
      },
    }),
    defineOpenAPIRoute({
      route: createRoute({
        operationId: 'listCalls',
        method: 'get',
        path: '/calls',
        summary: 'Calls, queued to ended (?tenant=)',
        request: { query: tenantQuery },
        responses: {
          200: json(z.object({ calls: z.array(callViewSchema.extend({ tenant: z.string() })) }), 'The calls'),
          404: refused('No such tenant'),
        },
      }),
      handler: (c) => {
        const id = c.req.valid('query').tenant;
        const tenants = id === undefined ? sim.tenants() : [sim.tenant(id)].filter((t) => t !== undefined);
        if (id !== undefined && tenants.length === 0)
          return controlError(c, 404, 'no-tenant', `no tenant ${id}`);
        const calls = tenants.flatMap((t) => {
          const acd = centerOf(t)?.acd;
          return (acd?.list() ?? []).map((call) => ({
            tenant: t.id,
            ...callView(call, {
              mix: acd?.mixFlows(call.id),
              mixSettled: acd?.mixSettled(call.id),
              outside: acd?.outsideStats(call.id),
            }),
          }));
        });
        return c.json({ calls }, 200);
      },
    }),
    defineOpenAPIRoute({
      route: createRoute({
        operationId: 'hangupCall',
        method: 'delete',
        path: '/calls/{id}',
        summary: 'The customer hangs up or gives up (?tenant= when ids clash)',
        request: { params: idParam, query: tenantQuery },
        responses: {
          200: json(callViewSchema, 'Hung up'),
          404: refused('No such call'),
          409: refused('Ended already, or the id is in several tenants'),
        },
      }),
      handler: (c) => {
        const callId = c.req.valid('param').id;
        const id = c.req.valid('query').tenant;
        const tenants = id === undefined ? sim.tenants() : [sim.tenant(id)].filter((t) => t !== undefined);
        const owners = tenants.filter((t) => centerOf(t)?.acd.get(callId));
        if (owners.length > 1) {
          return controlError(c, 409, 'ambiguous', `call ${callId} exists in several tenants: add ?tenant=`);
        }
        const tenant = owners[0];
        const center = centerOf(tenant);
        if (!tenant || !center) return controlError(c, 404, 'no-call', `no call ${callId}`);
        const hungUp = journalControlFirst(
          sim,
          tenant.id,
          'call.hangup',
          (corr) => center.acd.customerHangup(callId, corr),
          () => callId,
        );
        return hungUp
          ? c.json(callView(center.acd.get(callId)!), 200)
          : controlError(c, 409, 'ended', `call ${callId} has ended`);
      },
    }),
    defineOpenAPIRoute({
      route: createRoute({
        operationId: 'listAgents',
        method: 'get',
        path: '/tenants/{id}/agents',
        summary: "Agents' states and calls",
        request: { params: idParam },
        responses: {
          200: json(z.object({ agents: z.array(agentViewSchema) }), 'The agents'),
          404: refused('No such tenant'),
        },
      }),
      handler: (c) => {
        const { id } = c.req.valid('param');
        const tenant = sim.tenant(id);
        const center = centerOf(tenant);
        if (!tenant || !center) return controlError(c, 404, 'no-tenant', `no tenant ${id}`);
        return c.json({ agents: center.agents.all().map((a) => agentView(a, center)) }, 200);
      },
    }),
    defineOpenAPIRoute({
      route: createRoute({
        operationId: 'listRecordings',
        method: 'get',
        path: '/tenants/{id}/calls/{callId}/recordings',
        summary: "A call's recordings: per recorded leg what the customer heard and what it sent",
        request: { params: recordingsParam },
        responses: {
          200: json(
            z.object({ recordings: z.array(recordingViewSchema) }),
            'The recordings (none: not recorded)',
          ),
          404: refused('No such tenant or call'),
        },
      }),
      handler: (c) => {
        const { id, callId } = c.req.valid('param');
        const center = centerOf(sim.tenant(id));
        if (!center) return controlError(c, 404, 'no-tenant', `no tenant ${id}`);
        if (!center.acd.get(callId)) return controlError(c, 404, 'no-call', `no call ${callId}`);
        const recordings = center.acd.recorder.store.forCall(callId).map((r) => ({
          ...recordingView(r),
          wav: `/__mock/tenants/${encodeURIComponent(id)}/calls/${callId}/recordings/${r.id}`,
        }));
        return c.json({ recordings }, 200);
      },
    }),
    defineOpenAPIRoute({
      route: createRoute({
        operationId: 'getRecording',
        method: 'get',
        path: '/tenants/{id}/calls/{callId}/recordings/{recordingId}',
        summary: 'A recording as a WAV (mono 8 kHz 16-bit PCM), so far when it is still going',
        request: { params: recordingParam },
        responses: {
          200: {
            content: { 'audio/wav': { schema: z.string().openapi({ format: 'binary' }) } },
            description: 'The WAV',
          },
          404: refused('No such tenant, call or recording (dropped over the budget, or reset)'),
        },
      }),
      handler: (c) => {
        const { id, callId, recordingId } = c.req.valid('param');
        const center = centerOf(sim.tenant(id));
        if (!center) return controlError(c, 404, 'no-tenant', `no tenant ${id}`);
        const rec = center.acd.recorder.store.get(recordingId);
        if (!rec || rec.callId !== callId) {
          return controlError(c, 404, 'no-recording', `no recording ${recordingId} of call ${callId}`);
        }
        const wav = writeWav(samplesOf(rec));
        return c.body(wav.buffer as ArrayBuffer, 200, {
          'content-type': 'audio/wav',
          'content-disposition': `inline; filename="${rec.id}.wav"`,
        }) as never;
      },
    }),
  ] as const;
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
