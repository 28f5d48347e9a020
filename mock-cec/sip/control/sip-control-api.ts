import { Hono } from 'hono';
import { controlError } from '../../control/control-error.ts';
import type { Simulator } from '../../state/simulator.ts';
import type { SipService } from '../sip-service.ts';

/**
 * The control API of the SIP side, under /__mock/sip: who is registered,
 * and (with the simulated customer) calls to place and hang up. Errors use
 * the control API's own envelope.
 */
export function sipControlApi(sim: Simulator, sip: SipService | undefined): Hono {
  const app = new Hono();
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

  return app;
}
