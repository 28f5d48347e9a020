/**
 * The console: a web page on the simulator (GET /__mock/console) that shows a
 * tenant's agents, calls, journal and faults, and drives them. It is a client
 * of the control API like any other: it uses only the /__mock routes, never
 * the simulator's objects.
 */
import { type Context, Hono } from 'hono';
import { controlError } from '../control/control-error.ts';
import { consoleAsset } from './console-assets.ts';

/**
 * Only the page's own files and requests to its own origin: no inline script or
 * style, no framing, no form posted elsewhere.
 */
const CSP = [
  "default-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

async function serve(c: Context, name: string) {
  const asset = await consoleAsset(name);
  if (!asset) return controlError(c, 404, 'not-found', `the console has no file ${name}`);
  return c.body(asset.body, 200, {
    'content-type': asset.contentType,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    ...(name.endsWith('.html') ? { 'content-security-policy': CSP } : {}),
  });
}

/** Mounted at /__mock with the control API, whose client it is. */
export function consoleRoutes(): Hono {
  const app = new Hono();
  app.get('/console', (c) => serve(c, 'console.html'));
  app.get('/console/', (c) => serve(c, 'console.html'));
  app.get('/console/:file', (c) => serve(c, c.req.param('file')));
  return app;
}
