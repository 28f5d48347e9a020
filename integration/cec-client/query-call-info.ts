/**
 * QueryCallInfoByCallId (the agent workbench group, cec_07_0063; docs/vendor/call-data.md): what
 * the CEC knows of a call, with the call data an IVR attached — asked by the server with its
 * AK/SK token, so no agent's GUID is needed.
 *
 *   POST /apiaccess/rest/workbench/v1/queryCallInfoByCallId
 *   {"callId", "userId", "tenantId", "agentId"}
 */
import { z } from 'zod';
import type { AccessToken } from './access-token.ts';
import { type CecConnection, callCec, failureOf } from './cec-call.ts';
import { type CecResult, fail, ok } from './cec-failure.ts';
import type { TokenSource } from './token-source.ts';

export const QUERY_CALL_INFO_PATH = '/apiaccess/rest/workbench/v1/queryCallInfoByCallId';

/** The page's table says number; a number as a string is read alike. */
const numberish = z.union([z.number(), z.string()]).transform(String);

const callInfoSchema = z.object({
  caller: numberish.optional(),
  called: numberish.optional(),
  calldata: z.string().optional(),
  callId: z.string().optional(),
  callSkillId: numberish.optional(),
  callSkill: z.string().optional(),
});

export type CallInfo = z.output<typeof callInfoSchema>;

export interface CallInfoQuery {
  callId: string;
  /** Who asks: the integration's user. */
  userId: string;
  tenantId: string;
  /** The agent's workNo. */
  agentId: string;
}

export async function queryCallInfo(
  c: CecConnection,
  tokens: TokenSource,
  q: CallInfoQuery,
): Promise<CecResult<CallInfo>> {
  let token = await tokens.get();
  if (!token.ok) return token;
  let retried = await send(c, token.value, q);
  if (retried.last.kind === 'response' && retried.last.status === 401) {
    token = await tokens.refresh(token.value);
    if (!token.ok) return token;
    retried = await send(c, token.value, q);
  }
  const { last } = retried;
  if (last.kind === 'response' && last.status === 200) {
    let json: unknown;
    try {
      json = JSON.parse(last.body);
    } catch {
      return fail({ kind: 'bad-response', api: 'QueryCallInfoByCallId', detail: 'the body is not JSON' });
    }
    const parsed = callInfoSchema.safeParse(json);
    return parsed.success
      ? ok(parsed.data)
      : fail({ kind: 'bad-response', api: 'QueryCallInfoByCallId', detail: parsed.error.issues[0]!.message });
  }
  return fail(failureOf('QueryCallInfoByCallId', retried, [token.value.value]));
}

function send(c: CecConnection, token: AccessToken, q: CallInfoQuery) {
  return callCec(c, {
    api: 'QueryCallInfoByCallId',
    method: 'POST',
    path: QUERY_CALL_INFO_PATH,
    headers: {
      Authorization: `Bearer ${token.value}`,
      'X-APP-Key': c.appKey,
      'Content-Type': 'application/json',
      Accept: 'application/json',
    },
    body: JSON.stringify(q),
    secrets: [token.value],
  });
}
