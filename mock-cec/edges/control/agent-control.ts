/**
 * The control API's way to make an agent do its part of a call without its
 * bar or its phone's buttons (under /__mock/): answer the call ringing it (the
 * consulted agent picking up a consult), or hang up (the helper leaving, the
 * asking agent completing a consult as a transfer). Each does what the
 * gateway's `answer` and `release` do, without the GUID; the journal says the
 * control API asked. Errors are the simulator's own `{"error"}`.
 */
import { createRoute, defineOpenAPIRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import type { Simulator } from '../../infrastructure/state/simulator.ts';
import { controlError } from './control-error.ts';
import { json, refuseAs, refused } from './control-routes.ts';

const agentParams = z.object({ id: z.string(), workNo: z.string().regex(/^\d{3,6}$/) });
const okSchema = z.object({ workNo: z.number().int(), did: z.enum(['answer', 'hangup']) });

export function agentControlRoutes(sim: Simulator) {
  /** The agent and its call center, or why not. */
  const find = (id: string, workNo: string) => {
    const tenant = sim.tenant(id);
    const center = tenant?.center;
    const agent = center?.agents.get(Number(workNo));
    return tenant && center && agent && agent.state !== 'signed-out' ? { tenant, center, agent } : undefined;
  };
  const journal = (tenant: string, at: number, corr: string, action: string, detail: string) =>
    sim.journal.append({ kind: 'control', at, tenant, corr, action, detail });

  return [
    defineOpenAPIRoute({
      route: createRoute({
        operationId: 'agentAnswers',
        method: 'post',
        path: '/tenants/{id}/agents/{workNo}/answer',
        summary: "The agent answers the call ringing it (its phone is asked, as the bar's Answer asks it)",
        request: { params: agentParams },
        responses: {
          200: json(okSchema, 'The phone took the request'),
          400: refused('The work number is not 3 to 6 digits'),
          404: refused('No such tenant, or no such signed-in agent'),
          409: refused('Nothing rings the agent, or its phone refused'),
        },
      }),
      hook: refuseAs('bad-request'),
      handler: async (c) => {
        const { id, workNo } = c.req.valid('param');
        const found = find(id, workNo);
        if (!found) return controlError(c, 404, 'no-agent', `no signed-in agent ${workNo} in tenant ${id}`);
        const corr = sim.nextCorr();
        journal(id, found.tenant.now(), corr, 'agent.answer', workNo);
        const result = await found.center.desk.answer(found.agent);
        if (!result.ok) return controlError(c, 409, 'not-answered', result.message ?? result.retcode);
        return c.json({ workNo: found.agent.workNo, did: 'answer' as const }, 200);
      },
    }),
    defineOpenAPIRoute({
      route: createRoute({
        operationId: 'agentHangsUp',
        method: 'post',
        path: '/tenants/{id}/agents/{workNo}/hangup',
        summary: "The agent hangs up its call (as the bar's Hang Up)",
        request: { params: agentParams },
        responses: {
          200: json(okSchema, 'Hung up'),
          400: refused('The work number is not 3 to 6 digits'),
          404: refused('No such tenant, or no such signed-in agent'),
          409: refused('The agent has no call'),
        },
      }),
      hook: refuseAs('bad-request'),
      handler: (c) => {
        const { id, workNo } = c.req.valid('param');
        const found = find(id, workNo);
        if (!found) return controlError(c, 404, 'no-agent', `no signed-in agent ${workNo} in tenant ${id}`);
        const corr = sim.nextCorr();
        journal(id, found.tenant.now(), corr, 'agent.hangup', workNo);
        const result = found.center.desk.release(found.agent, corr);
        if (!result.ok) return controlError(c, 409, 'no-call', result.message ?? result.retcode);
        return c.json({ workNo: found.agent.workNo, did: 'hangup' as const }, 200);
      },
    }),
  ] as const;
}
