import { createRoute, defineOpenAPIRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { controlError } from '../../../edges/control/control-error.ts';
import {
  body,
  journalControl,
  journalControlFirst,
  json,
  refuseAs,
  refused,
} from '../../../edges/control/control-routes.ts';
import {
  callIdParam,
  dialSchema,
  legViewSchema,
  registrationViewSchema,
  tenantQuery,
} from '../../../edges/control/control-schemas.ts';
import type { Simulator } from '../../../infrastructure/state/simulator.ts';
import { ENDED_LEGS_KEPT } from '../customer/ended-legs.ts';
import type { SipService } from '../sip-service.ts';

/**
 * The route records of the SIP side, under /__mock/sip: who is registered,
 * and the simulated customer's calls (place one to an agent's softphone, list,
 * ask the phone to answer, hang up). Every change is journaled; errors use the control API's envelope.
 * With the SIP side off, every one answers 404 sip-off (control-api.ts).
 */
export function sipRoutes(sim: Simulator, sipOrUndefined: SipService | undefined) {
  const control = (tenant: string | undefined, action: string, detail?: string) =>
    journalControl(sim, tenant, action, detail);
  // Only reached with the SIP side on: control-api.ts answers sip-off before these.
  const sip = () => sipOrUndefined!;
  const noLeg = refused(
    `No such call leg (an ended one is forgotten past the newest ${ENDED_LEGS_KEPT} of its tenant)`,
  );

  return [
    defineOpenAPIRoute({
      route: createRoute({
        operationId: 'sipRegistrations',
        method: 'get',
        path: '/sip/registrations',
        summary: 'Live SIP registrations of softphones (?tenant=)',
        request: { query: tenantQuery },
        responses: {
          200: json(z.object({ registrations: z.array(registrationViewSchema) }), 'The registrations'),
          404: refused('No such tenant, or the SIP side is off'),
        },
      }),
      handler: (c) => {
        const { tenant } = c.req.valid('query');
        if (tenant !== undefined && !sim.tenant(tenant))
          return controlError(c, 404, 'no-tenant', `no tenant ${tenant}`);
        return c.json({ registrations: sip().registrations(tenant) }, 200);
      },
    }),
    defineOpenAPIRoute({
      route: createRoute({
        operationId: 'sipDial',
        method: 'post',
        path: '/sip/dial',
        summary:
          "The simulated customer calls an agent's softphone: {tenant, from?, toSipAccount | workNo, behaviour?}",
        request: { body: body(dialSchema) },
        responses: {
          201: json(legViewSchema, 'Dialling'),
          400: refused('A body that does not fit'),
          404: refused('No such tenant or agent'),
        },
      }),
      hook: refuseAs('bad-request'),
      handler: (c) => {
        const d = c.req.valid('json');
        const tenant = sim.tenant(d.tenant);
        if (!tenant) return controlError(c, 404, 'no-tenant', `no tenant ${d.tenant}`);
        const agent =
          d.workNo !== undefined ? tenant.agentByWorkNo(d.workNo) : tenant.agentBySipAccount(d.toSipAccount!);
        if (!agent) return controlError(c, 404, 'no-agent', `no such agent in tenant ${d.tenant}`);
        const leg = journalControlFirst(
          sim,
          tenant.id,
          'sip.dial',
          () =>
            sip().customer.dial({
              tenant: tenant.id,
              from: d.from,
              toSipAccount: agent.sipAccount,
              behaviour: d.behaviour,
            }),
          (l) => `${d.from} → ${agent.sipAccount} (${l.sipCallId})`,
        );
        return c.json(sip().customer.leg(leg.sipCallId)!.view(), 201);
      },
    }),
    defineOpenAPIRoute({
      route: createRoute({
        operationId: 'sipLegs',
        method: 'get',
        path: '/sip/legs',
        summary: `The simulated customer's call legs (?tenant=): the live ones and the newest ${ENDED_LEGS_KEPT} ended ones of each tenant`,
        request: { query: tenantQuery },
        responses: {
          200: json(z.object({ legs: z.array(legViewSchema) }), 'The legs'),
          404: refused('The SIP side is off'),
        },
      }),
      handler: (c) =>
        c.json(
          {
            legs: sip()
              .customer.legs(c.req.valid('query').tenant)
              .map((l) => l.view()),
          },
          200,
        ),
    }),
    defineOpenAPIRoute({
      route: createRoute({
        operationId: 'sipLeg',
        method: 'get',
        path: '/sip/legs/{callId}',
        summary: 'One call leg, with media stats',
        request: { params: callIdParam },
        responses: { 200: json(legViewSchema, 'The leg'), 404: noLeg },
      }),
      handler: (c) => {
        const { callId } = c.req.valid('param');
        const leg = sip().customer.leg(callId);
        return leg ? c.json(leg.view(), 200) : controlError(c, 404, 'no-leg', `no call leg ${callId}`);
      },
    }),
    defineOpenAPIRoute({
      route: createRoute({
        operationId: 'sipAnswer',
        method: 'post',
        path: '/sip/legs/{callId}/answer',
        summary:
          "Ask the agent's phone to answer a customer's call (the remote answer the bar's Answer sends: NOTIFY Event: talk)",
        request: { params: callIdParam },
        responses: {
          200: json(legViewSchema, 'Asked (a leg not ringing yet asks at its first ring)'),
          404: noLeg,
          409: refused('The leg cannot be answered: it has ended, or the agent placed it'),
        },
      }),
      handler: async (c) => {
        const { callId } = c.req.valid('param');
        const leg = sip().customer.leg(callId);
        if (!leg) return controlError(c, 404, 'no-leg', `no call leg ${callId}`);
        const outcome = await leg.requestAnswer();
        if (!outcome.ok) return controlError(c, 409, 'not-answerable', `call leg ${callId}: ${outcome.why}`);
        control(leg.tenant, 'sip.answer', leg.sipCallId);
        return c.json(leg.view(), 200);
      },
    }),
    defineOpenAPIRoute({
      route: createRoute({
        operationId: 'sipHangup',
        method: 'delete',
        path: '/sip/legs/{callId}',
        summary: 'Hang up a call leg (CANCEL or BYE)',
        request: { params: callIdParam },
        responses: {
          200: json(legViewSchema, 'Hung up'),
          404: noLeg,
          409: refused('The leg has ended already'),
        },
      }),
      handler: async (c) => {
        const { callId } = c.req.valid('param');
        const leg = sip().customer.leg(callId);
        if (!leg) return controlError(c, 404, 'no-leg', `no call leg ${callId}`);
        if (leg.state === 'ended')
          return controlError(c, 409, 'ended', `call leg ${leg.sipCallId} has already ended`);
        // Journaled before the hangup it causes (the CANCEL or BYE, the leg ending).
        control(leg.tenant, 'sip.hangup', leg.sipCallId);
        await leg.hangup();
        return c.json(leg.view(), 200);
      },
    }),
  ] as const;
}
