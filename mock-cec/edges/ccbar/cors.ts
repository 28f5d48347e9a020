/**
 * CORS for ccbarclient.js. The vendor advises a reverse proxy so that the page
 * and the CEC share an origin; the simulator instead lets the tenant list the
 * origins whose pages may load the bar directly (`callback.allowedOrigins`,
 * `"*"` for any). [choice] Other origins get no CORS headers, so the browser
 * refuses them, as it would the real CEC.
 */

export function allowedOrigin(origin: string | undefined, allowed: readonly string[]): string | undefined {
  if (!origin) return undefined;
  return allowed.includes(origin) || allowed.includes('*') ? origin : undefined;
}

export function corsHeaders(origin: string | undefined): Record<string, string> {
  return origin ? { 'access-control-allow-origin': origin, vary: 'Origin' } : { vary: 'Origin' };
}

export function preflightHeaders(
  origin: string | undefined,
  requested: string | undefined,
): Record<string, string> {
  if (!origin) return { vary: 'Origin' };
  return {
    ...corsHeaders(origin),
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': requested ?? 'content-type',
    'access-control-max-age': '600',
  };
}
