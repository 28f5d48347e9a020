import { z } from 'zod';
import { isKnownApi, unknownApiMessage } from './known-apis.ts';

/**
 * Fault rules: "when a request like this arrives, do that instead". A rule
 * matches on what is known of a request before it is handled; every field left
 * out matches anything. Rules come from the control API, a file at start, or a
 * scenario.
 */

export const faultActionSchema = z.discriminatedUnion('do', [
  /** Answer with the vendor's own error for this status (the group's envelope). */
  z.object({
    do: z.literal('status'),
    status: z.number().int().min(200).max(599),
    message: z.string().optional(),
  }),
  /** Answer the agent gateway's envelope with this retcode (HTTP 200). */
  z.object({
    do: z.literal('retcode'),
    retcode: z.string().regex(/^\d{3}-\d{3}$/),
    message: z.string().optional(),
  }),
  /** Answer exactly this. */
  z.object({
    do: z.literal('body'),
    status: z.number().int().min(100).max(599).default(200),
    body: z.string(),
    contentType: z.string().default('application/json;charset=UTF-8'),
  }),
  /** A 200 whose JSON is cut short. */
  z.object({ do: z.literal('malformed') }),
  /** Wait, then handle normally. */
  z.object({ do: z.literal('delay'), ms: z.number().int().min(0).max(600_000) }),
  /** Close the connection without an answer. */
  z.object({ do: z.literal('drop') }),
  /** Expire every access token of the tenant, then handle normally. */
  z.object({ do: z.literal('expire-tokens') }),
  /** SIP: answer with this status instead of handling. */
  z.object({
    do: z.literal('sip-status'),
    status: z.number().int().min(300).max(699),
    reason: z.string().optional(),
  }),
  /** SIP: close the transport connection (WebSocket or TCP) the request came on. */
  z.object({ do: z.literal('close-connection') }),
  /** SIP: forget every nonce, so the next authenticated request gets stale=true. */
  z.object({ do: z.literal('expire-nonces') }),
  /** Media: the simulated customer's audio becomes one-way or silent. */
  z.object({ do: z.literal('media'), mode: z.enum(['one-way-in', 'one-way-out', 'silent']) }),
]);

export const faultRuleSchema = z
  .object({
    id: z.string().min(1).max(64).optional(),
    /** Where the rule applies: the HTTP side, the SIP side, or the customer's media. */
    on: z.enum(['http', 'sip', 'media']).default('http'),
    /** Only this tenant (tenantSpaceId). */
    tenant: z.string().optional(),
    /** The vendor API name, e.g. "TokenByAkSk", "QueryAgentInfo", "onlineagent.signIn". */
    api: z
      .string()
      .refine(isKnownApi, { error: (issue) => unknownApiMessage(String(issue.input)) })
      .optional(),
    /** A path, exact or ending in `*` for a prefix. */
    path: z.string().optional(),
    method: z.string().optional(),
    appKey: z.string().optional(),
    /** An agent's workNo or softphone number. */
    agent: z.union([z.number(), z.string()]).optional(),
    /** SIP request method, e.g. REGISTER or INVITE. */
    sipMethod: z.string().optional(),
    /** Apply only to the nth matching request (1-based), e.g. 2 for the second. */
    nth: z.number().int().min(1).optional(),
    /** Apply with this probability, drawn from the tenant's seeded generator. */
    probability: z.number().min(0).max(1).optional(),
    /** Apply at most this many times, then stay matched but inactive. */
    times: z.number().int().min(1).optional(),
    /** A delay before the action, in ms (with any action). */
    delayMs: z.number().int().min(0).max(600_000).optional(),
    action: faultActionSchema,
  })
  .strict();

export type FaultAction = z.output<typeof faultActionSchema>;
export type FaultRuleInput = z.input<typeof faultRuleSchema>;
export type FaultRule = z.output<typeof faultRuleSchema> & { id: string };

/** What is known of a request when faults are checked. */
export interface FaultTarget {
  on: 'http' | 'sip' | 'media';
  tenant?: string;
  api?: string;
  path?: string;
  method?: string;
  appKey?: string;
  agent?: number | string;
  /** The same agent's softphone number, so a rule may name the agent either way. */
  sipAccount?: string;
  sipMethod?: string;
}

/** Whether a rule's criteria fit a target (counters and probability aside). */
export function ruleFits(rule: FaultRule, t: FaultTarget): boolean {
  if (rule.on !== t.on) return false;
  if (rule.tenant !== undefined && rule.tenant !== t.tenant) return false;
  if (rule.api !== undefined && rule.api !== t.api) return false;
  if (rule.method !== undefined && rule.method.toUpperCase() !== t.method?.toUpperCase()) return false;
  if (rule.appKey !== undefined && rule.appKey !== t.appKey) return false;
  if (rule.sipMethod !== undefined && rule.sipMethod.toUpperCase() !== t.sipMethod?.toUpperCase())
    return false;
  if (
    rule.agent !== undefined &&
    String(rule.agent) !== String(t.agent) &&
    String(rule.agent) !== t.sipAccount
  )
    return false;
  if (rule.path !== undefined) {
    if (t.path === undefined) return false;
    if (rule.path.endsWith('*') ? !t.path.startsWith(rule.path.slice(0, -1)) : rule.path !== t.path)
      return false;
  }
  return true;
}

export function describeAction(a: FaultAction): string {
  switch (a.do) {
    case 'status':
    case 'sip-status':
      return `${a.do} ${a.status}`;
    case 'retcode':
      return `retcode ${a.retcode}`;
    case 'delay':
      return `delay ${a.ms}ms`;
    case 'media':
      return `media ${a.mode}`;
    default:
      return a.do;
  }
}
