import { Hono } from 'hono';
import { z } from 'zod';
import { customerBehaviourSchema } from '../../config/customer-schema.ts';
import { journalControl, readJson, zodMessage } from '../../control/control-api.ts';
import { controlError } from '../../control/control-error.ts';
import type { Simulator } from '../../state/simulator.ts';
import type { SipService } from '../sip-service.ts';

/**
 * The control API of the SIP side, under /__mock/sip: who is registered, and
 * the simulated customer's calls (place one to an agent's softphone, list,
 * hang up). Every change is journaled; errors use the control API's envelope.
 */
const dialSchema = z
  .object({
    tenant: z.string().min(1),
    /** The customer's number (caller ID). */
    from: z
      .string()
      .regex(/^[0-9*#+]{1,32}$/, 'digits, * # + only')
      .default('5550199'),
    toSipAccount: z.string().min(1).optional(),
    workNo: z.number().int().optional(),
    behaviour: customerBehaviourSchema.prefault({}),
  })
  .strict()
  .refine((d) => (d.toSipAccount === undefined) !== (d.workNo === undefined), {
    message: 'give exactly one of toSipAccount and workNo',
  });

export function sipControlApi(sim: Simulator, sip: SipService | undefined): Hono {
  const app = new Hono();
  const control = (tenant: string | undefined, action: string, detail?: string) =>
    journalControl(sim, tenant, action, detail);

  app.use('*', async (c, next) => {
    if (!sip) return controlError(c, 404, 'sip-off', 'the SIP side is off (started with --no-sip)');
    await next();
    return undefined;
  });

  app.get('/registrations', (c) => {
    const tenant = c.req.query('tenant');
    if (tenant !== undefined && !sim.tenant(tenant))
      return controlError(c, 404, 'no-tenant', `no tenant ${tenant}`);
    return c.json({ registrations: sip!.registrations(tenant) });
  });

  app.post('/dial', async (c) => {
    const body = await readJson(c.req.raw);
    if (!body.ok) return controlError(c, 400, 'bad-json', 'The request body is not valid JSON');
    const parsed = dialSchema.safeParse(body.value);
    if (!parsed.success) return controlError(c, 400, 'bad-request', zodMessage(parsed.error));
    const d = parsed.data;
    const tenant = sim.tenant(d.tenant);
    if (!tenant) return controlError(c, 404, 'no-tenant', `no tenant ${d.tenant}`);
    const agent =
      d.workNo !== undefined ? tenant.agentByWorkNo(d.workNo) : tenant.agentBySipAccount(d.toSipAccount!);
    if (!agent) return controlError(c, 404, 'no-agent', `no such agent in tenant ${d.tenant}`);
    const leg = sip!.customer.dial({
      tenant: tenant.id,
      from: d.from,
      toSipAccount: agent.sipAccount,
      behaviour: d.behaviour,
    });
    control(tenant.id, 'sip.dial', `${d.from} → ${agent.sipAccount} (${leg.sipCallId})`);
    return c.json(sip!.customer.leg(leg.sipCallId)!.view(), 201);
  });

  app.get('/legs', (c) => {
    const tenant = c.req.query('tenant');
    return c.json({ legs: sip!.customer.legs(tenant).map((l) => l.view()) });
  });

  app.get('/legs/:callId', (c) => {
    const leg = sip!.customer.leg(c.req.param('callId'));
    return leg ? c.json(leg.view()) : controlError(c, 404, 'no-leg', `no call leg ${c.req.param('callId')}`);
  });

  app.delete('/legs/:callId', async (c) => {
    const leg = sip!.customer.leg(c.req.param('callId'));
    if (!leg) return controlError(c, 404, 'no-leg', `no call leg ${c.req.param('callId')}`);
    if (leg.state === 'ended')
      return controlError(c, 409, 'ended', `call leg ${leg.sipCallId} has already ended`);
    await leg.hangup();
    control(leg.tenant, 'sip.hangup', leg.sipCallId);
    return c.json(leg.view());
  });

  return app;
}
