/**
 * QueryAgentInfo (docs/vendor/cc-management.md): every agent of the tenant space, with its
 * softphone number and password.
 *
 *   GET /apiaccess/CC-Management/v1/queryAgentInfo
 *   Authorization: Bearer <AccessToken>
 *   X-APP-Key: <app_key>
 */
import { z } from 'zod';
import type { AccessToken } from './access-token.ts';
import { type CecConnection, callCec, failureOf } from './cec-call.ts';
import { type CecResult, fail, ok } from './cec-failure.ts';
import type { TokenSource } from './token-source.ts';

export const QUERY_AGENT_INFO_PATH = '/apiaccess/CC-Management/v1/queryAgentInfo';

/** Digits as a number or a string: the vendor's documents disagree on `sipServicePort`'s type. */
const integerish = z.union([z.number().int(), z.string().regex(/^\d{1,9}$/)]).transform(Number);

const agentInfoSchema = z.object({
  sipServiceIp: z.string(),
  sipServicePort: integerish,
  agents: z.array(
    z.object({
      workNo: integerish,
      sipAccount: z.string().min(1).max(24),
      sipPwd: z.string().min(1).max(24),
      accountCode: z.string().min(1).max(100),
    }),
  ),
});

export type AgentInfo = z.output<typeof agentInfoSchema>;
export type AgentRecord = AgentInfo['agents'][number];

/** Read the 200 body; one bad agent fails the whole answer (a partial list would mark agents removed). */
export function parseAgentInfo(body: string): { ok: true; value: AgentInfo } | { ok: false; detail: string } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, detail: 'the body is not JSON' };
  }
  const parsed = agentInfoSchema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { ok: false, detail: `${issue.path.join('.') || '(body)'}: ${issue.message}` };
}

/** Query with the cached token; a 401 gets one fresh token and one more try. */
export async function queryAgentInfo(c: CecConnection, tokens: TokenSource): Promise<CecResult<AgentInfo>> {
  let token = await tokens.get();
  if (!token.ok) return token;
  let retried = await send(c, token.value);
  if (retried.last.kind === 'response' && retried.last.status === 401) {
    c.logger.warn('QueryAgentInfo refused the access token; getting a fresh one', { appKey: c.appKey });
    token = await tokens.refresh(token.value);
    if (!token.ok) return token;
    retried = await send(c, token.value);
  }
  const { last } = retried;
  if (last.kind === 'response' && last.status === 200) {
    const parsed = parseAgentInfo(last.body);
    return parsed.ok
      ? ok(parsed.value)
      : fail({ kind: 'bad-response', api: 'QueryAgentInfo', detail: parsed.detail });
  }
  return fail(failureOf('QueryAgentInfo', retried, [token.value.value]));
}

function send(c: CecConnection, token: AccessToken) {
  return callCec(c, {
    api: 'QueryAgentInfo',
    method: 'GET',
    path: QUERY_AGENT_INFO_PATH,
    // One space after Bearer, and the app key the token was issued to (docs/vendor/authentication.md).
    headers: { Authorization: `Bearer ${token.value}`, 'X-APP-Key': c.appKey, Accept: 'application/json' },
    secrets: [token.value],
  });
}
