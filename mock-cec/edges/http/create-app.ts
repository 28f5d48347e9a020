import { Hono } from 'hono';
import type { Simulator } from '../../infrastructure/state/simulator.ts';
import type { SipService } from '../../telephony/sip/sip-service.ts';
import { vendorRoutes } from '../api/routes.ts';
import { httpError } from '../api/vendor-errors.ts';
import { CONTROL_PREFIX, controlApi } from '../control/control-api.ts';
import { controlError } from '../control/control-error.ts';
import { type ControlGuardOptions, controlGuard } from '../control/control-guard.ts';
import { type AppEnv, mountVendorRoutes } from './vendor-adapter.ts';

/** The simulator's whole HTTP surface: the vendor's APIs and the control API (with the SIP side's, when it runs). */
export function createApp(
  sim: Simulator,
  parts: { sip?: SipService; guard?: ControlGuardOptions } = {},
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  mountVendorRoutes(app, vendorRoutes, sim);
  app.use(`${CONTROL_PREFIX}/*`, controlGuard(parts.guard));
  app.route(CONTROL_PREFIX, controlApi(sim, parts.sip));
  app.notFound((c) => {
    // Hono does not apply a mounted app's notFound; the control API keeps its own envelope here.
    if (c.req.path.startsWith(`${CONTROL_PREFIX}/`)) {
      return controlError(c, 404, 'not-found', `no control route ${c.req.method} ${c.req.path}`);
    }
    const res = httpError(404, `No such API: ${c.req.method} ${c.req.path}`);
    return c.body(res.body, 404, res.headers);
  });
  app.onError((err, c) => {
    sim.logger.error('unhandled error', { path: c.req.path, error: err.stack });
    const res = httpError(500, 'Internal error in the simulator (see its log)');
    return c.body(res.body, 500, res.headers);
  });
  return app;
}
