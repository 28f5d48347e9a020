import type { JsonObjectRead } from '../../infrastructure/primitives/json-object.ts';
import type { Simulator } from '../../infrastructure/state/simulator.ts';
import type { TenantRuntime } from '../../infrastructure/state/tenant-runtime.ts';

/**
 * Vendor routes are data: one record per vendor API drives the Hono server, the
 * msw handlers and the OpenAPI description alike, so that there is one
 * implementation of each API, not one per adapter.
 */

/** What a handler sees of a request, whatever adapter (Hono, msw) it came through. */
export interface VendorRequest {
  method: string;
  path: string;
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  /** Header lookup, case-insensitive. */
  header(name: string): string | undefined;
  body: string;
  /** The body read as a JSON object, once (core/json-object.ts); several steps may ask. */
  jsonObject(): JsonObjectRead;
  remote?: string;
  /** Aborted when the client goes away (a long poll must not outlive its connection). */
  signal?: AbortSignal;
}

export interface VendorResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Set-Cookie values, one cookie each. */
  cookies?: string[];
  /** The vendor result code inside the body, for the journal. */
  code?: string;
  /** One line for the journal about what the simulator did. */
  note?: string;
}

export interface RouteContext {
  sim: Simulator;
  /** The tenant the request belongs to, when it could be told. */
  tenant: TenantRuntime | undefined;
  corr: string;
}

/** A vendor API group: its name and its error envelope (one per group, docs/vendor/). */
export interface VendorGroup {
  readonly name: string;
  /** The group's answer for an HTTP status (faults and unexpected failures use it too). */
  error(status: number, message?: string): VendorResponse;
  /** Groups with result codes in a 200 body (the agent gateway) answer a retcode this way. */
  retcode?(retcode: string, message?: string): VendorResponse;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'OPTIONS';

export interface RouteDef {
  /** The vendor's name for the API (used by fault rules and the journal). */
  api: string;
  group: VendorGroup;
  method: HttpMethod;
  /** Hono/msw path patterns (`:name` parameters); the first is canonical. */
  paths: readonly string[];
  summary: string;
  /**
   * One request at a time per agent: while one with the same key and
   * `{agentid}` has not been answered, another gets this retcode (the gateway's
   * 000-007, or 100-021 for a sign-in). The vendor: "do not invoke the
   * interface repeatedly before it responds".
   */
  oneAtATime?: { key: string; retcode: string };
  /** Tell which tenant a request is for before handling it (for faults and the journal). */
  tenantOf?(req: VendorRequest, sim: Simulator): TenantRuntime | undefined;
  handle(req: VendorRequest, ctx: RouteContext): VendorResponse | Promise<VendorResponse>;
}

export const JSON_UTF8 = 'application/json;charset=UTF-8';

export function jsonResponse(
  status: number,
  value: unknown,
  extra: { headers?: Record<string, string>; code?: string; note?: string } = {},
): VendorResponse {
  return {
    status,
    headers: extra.headers ? { 'content-type': JSON_UTF8, ...extra.headers } : { 'content-type': JSON_UTF8 },
    body: JSON.stringify(value),
    code: extra.code,
    note: extra.note,
  };
}
