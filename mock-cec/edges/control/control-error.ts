import type { Context } from 'hono';

/**
 * The control API's own error envelope. It is the simulator's, not the
 * vendor's, and never dressed up as a vendor code. The status stays a literal
 * type, so a route record can check it declared that answer.
 */
export function controlError<S extends 400 | 404 | 409 | 413 | 415 | 500>(
  c: Context,
  status: S,
  code: string,
  message: string,
) {
  return c.json({ error: { code, message } }, status);
}
