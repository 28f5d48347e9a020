import type { OpenAPIHono } from '@hono/zod-openapi';
import { vendorRoutes } from '../api/routes.ts';
import { CONTROL_TAG } from './control-routes.ts';

/**
 * The OpenAPI description served at /__mock/openapi.json: the vendor APIs from
 * their route records, and the control API generated from its own (requests
 * and answers with their schemas).
 */
export function buildOpenApi(control: OpenAPIHono, prefix: string) {
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
  const generated = control.getOpenAPI31Document({
    openapi: '3.1.0',
    info: { title: 'mock-cec control API', version: '0.1.0' },
  });
  for (const [path, item] of Object.entries(generated.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, Record<string, unknown>>)) {
      add(`${prefix}${path}`, method, { ...op, tags: [CONTROL_TAG] });
    }
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
    components: generated.components,
  };
}
