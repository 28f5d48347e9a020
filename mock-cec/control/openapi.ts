import { vendorRoutes } from '../api/routes.ts';
import { controlRoutes } from './control-routes.ts';

/**
 * The OpenAPI description served at /__mock/openapi.json, built from the same
 * route records as the server (vendor APIs) plus the control API's list.
 */
export function buildOpenApi() {
  const paths: Record<string, Record<string, unknown>> = {};
  const add = (path: string, method: string, op: Record<string, unknown>) => {
    const openPath = path.replace(/:([A-Za-z_]+)/g, '{$1}');
    paths[openPath] ??= {};
    paths[openPath][method.toLowerCase()] = op;
  };
  for (const route of vendorRoutes) {
    // Catch-alls (an unknown gateway path's 000-002) are not APIs of their own.
    if (route.paths.every((p) => p.endsWith('/*'))) continue;
    route.paths.forEach((path, i) => {
      add(path, route.method, {
        operationId: i === 0 ? route.api : `${route.api}_alt${i}`,
        summary: i === 0 ? route.summary : `${route.summary} (alternative spelling)`,
        tags: [route.group.name],
        responses: { '200': { description: 'Success, in the vendor shape' } },
      });
    });
  }
  for (const r of controlRoutes) {
    add(r.path, r.method, {
      operationId: r.id,
      summary: r.summary,
      tags: ['Control (simulator)'],
      responses: { '200': { description: 'OK' } },
    });
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'mock-cec',
      version: '0.1.0',
      description:
        "Huawei CEC/AICC simulator: the vendor's APIs and the simulator's control API under /__mock.",
    },
    paths,
  };
}
