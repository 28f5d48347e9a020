import type { Context } from 'hono';

/**
 * The control API's own error envelope. It is the simulator's, not the
 * vendor's, and never dressed up as a vendor code.
 */
export function controlError(c: Context, status: 400 | 404 | 409 | 413 | 500, code: string, message: string) {
  return c.json({ error: { code, message } }, status);
}
