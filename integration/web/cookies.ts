import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';

/**
 * The page's two cookies, both `__Host-` prefixed (Secure, Path=/, no Domain:
 * no other host, not even a sibling subdomain, can set or shadow them),
 * HttpOnly (no script reads them) and SameSite=Strict (no other site's page
 * sends them along).
 */
const base: CookieOptions = { prefix: 'host', path: '/', secure: true, httpOnly: true, sameSite: 'Strict' };

export const SESSION = 'desk_session';
/** The login form's CSRF token: a double-submit cookie (OWASP CSRF Cheat Sheet). */
export const LOGIN_CSRF = 'login_csrf';

export function readCookie(c: Context, name: string): string | undefined {
  return getCookie(c, name, 'host');
}

export function writeCookie(c: Context, name: string, value: string, maxAgeSec: number): void {
  setCookie(c, name, value, { ...base, maxAge: maxAgeSec });
}

export function clearCookie(c: Context, name: string): void {
  deleteCookie(c, name, { ...base });
}

/** Constant-time comparison of two tokens of any length. */
export function sameToken(a: string | undefined, b: unknown): boolean {
  if (typeof a !== 'string' || typeof b !== 'string' || a === '' || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
