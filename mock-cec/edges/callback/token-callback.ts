/**
 * The token callback (docs/vendor/verification-api.md): before the connection bar loads, the
 * CEC POSTs `{access_token, tenantSpaceId, userAccount}` to the third party's
 * verification API and proceeds only on `{"retCode": 0}`. HTTPS trusts the
 * certificate registered for the tenant (`callback.caFile`), as the vendor
 * asks; the wait is bounded by `callback.timeoutMs`. Every attempt is journaled
 * as a `callback` entry with its reason; fault rules (api `ThirdPartyValidate`)
 * can stand in for the third party (a delay is its slowness: it counts against
 * the timeout).
 */
import { readFile } from 'node:fs/promises';

import { faultDelay, matchFault } from '../../domain/faults/apply-fault.ts';
import type { FaultAction } from '../../domain/faults/fault-rule.ts';
import { commonJsExports } from '../../infrastructure/primitives/commonjs-exports.ts';
import type { Simulator } from '../../infrastructure/state/simulator.ts';
import type { TenantRuntime } from '../../infrastructure/state/tenant-runtime.ts';
import { type CallbackJudgement, judgeReply, type Reply } from './judge-reply.ts';

/** The fault rules' name for the third party's API. */
export const CALLBACK_API = 'ThirdPartyValidate';

/** The most of the answer the simulator reads. [choice] */
const MAX_REPLY_BYTES = 64 * 1024;

export interface CallbackBody {
  access_token: string;
  tenantSpaceId: string;
  userAccount: string;
}

type Exchange = { ok: true; reply: Reply } | { ok: false; reason: string };

export async function verifyToken(
  sim: Simulator,
  tenant: TenantRuntime,
  body: CallbackBody,
  corr: string,
): Promise<CallbackJudgement> {
  const { url } = tenant.config.callback;
  const started = performance.now();
  const hit = matchFault(
    sim,
    tenant,
    { on: 'http', tenant: tenant.id, api: CALLBACK_API, path: new URL(url).pathname, method: 'POST' },
    () => ({ corr, target: `POST ${url}` }),
  );
  // A fault's delay stands for a slow third party: it counts against callback.timeoutMs, as the wait would.
  const { timeoutMs } = tenant.config.callback;
  const delayMs = Math.min(hit?.delayMs ?? 0, timeoutMs);
  // On the tenant's timers: advancing its clock moves the third party's slowness too.
  if (delayMs > 0) await faultDelay(sim, tenant, delayMs);
  const exchange: Exchange =
    delayMs >= timeoutMs
      ? { ok: false, reason: `no answer within ${timeoutMs} ms` }
      : ((hit && fakedExchange(hit.action)) ?? (await post(url, body, tenant, timeoutMs - delayMs)));
  const verdict: CallbackJudgement = exchange.ok
    ? judgeReply(exchange.reply)
    : { ok: false, outcome: 'failed', reason: exchange.reason };
  sim.journal.append({
    kind: 'callback',
    at: tenant.now(),
    tenant: tenant.id,
    corr,
    url,
    outcome: verdict.ok ? 'accepted' : verdict.outcome,
    retCode: verdict.retCode,
    reason: `${body.userAccount}: ${verdict.reason}`,
    ms: Math.round(performance.now() - started),
  });
  if (!verdict.ok)
    sim.logger.warn('token callback failed', { tenant: tenant.id, url, reason: verdict.reason });
  return verdict;
}

/** POST the callback; `budgetMs` is what is left of callback.timeoutMs (a fault's delay took the rest). */
async function post(
  url: string,
  body: CallbackBody,
  tenant: TenantRuntime,
  budgetMs: number,
): Promise<Exchange> {
  const { caFile, timeoutMs } = tenant.config.callback;
  let ca: string | undefined;
  if (caFile) {
    try {
      ca = await readFile(caFile, 'utf8');
    } catch {
      return { ok: false, reason: `cannot read callback.caFile ${caFile}` };
    }
  }
  // One agent per callback: callbacks are rare (one per bar load) and nothing is left open.
  // undici is loaded on the first callback, not at start (it is a large module and most runs make few callbacks).
  // Its request(), not fetch(): fetch adds browser headers (sec-fetch-mode, accept-language…) that
  // the CEC's callback does not send; the third party sees only what is set here.
  // CommonJS, so its names may come as `default` (commonjs-exports.ts).
  const { Agent, request } = commonJsExports(await import('undici'), 'Agent', 'undici');
  const dispatcher = new Agent({ connect: ca ? { ca } : {}, connectTimeout: budgetMs });
  try {
    const res = await request(url, {
      method: 'POST',
      dispatcher,
      headers: { 'content-type': 'application/json;charset=UTF-8' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(budgetMs),
    });
    const text = await res.body.text();
    return { ok: true, reply: { status: res.statusCode, body: text.slice(0, MAX_REPLY_BYTES) } };
  } catch (err) {
    return { ok: false, reason: transportReason(err, timeoutMs) };
  } finally {
    dispatcher.close().catch(() => undefined);
  }
}

/** What a fault rule makes the third party answer, or undefined to call it for real. */
function fakedExchange(action: FaultAction): Exchange | undefined {
  switch (action.do) {
    case 'status':
      return { ok: true, reply: { status: action.status, body: action.message ?? '' } };
    case 'body':
      return { ok: true, reply: { status: action.status, body: action.body } };
    case 'malformed':
      return { ok: true, reply: { status: 200, body: '{"retCode":' } };
    case 'drop':
      return { ok: false, reason: 'the connection was closed without an answer (fault)' };
    default:
      return undefined;
  }
}

/** A plain reason for a failed exchange: timeout, refused connection, TLS, or what Node said. */
export function transportReason(err: unknown, timeoutMs: number): string {
  const e = err as {
    name?: string;
    code?: string;
    message?: string;
    cause?: { code?: string; message?: string };
  };
  const code = e.cause?.code ?? e.code ?? '';
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || code === 'UND_ERR_ABORTED') {
    return `no answer within ${timeoutMs} ms`;
  }
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return `no connection within ${timeoutMs} ms`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name does not resolve';
  if (/CERT|SELF_SIGNED|SIGNATURE|ISSUER|TLS|SSL|ALTNAME/.test(code)) {
    return `TLS failure (${code}): trust the verification API's certificate with callback.caFile`;
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET')
    return 'the connection was closed without an answer';
  return e.cause?.message ?? e.message ?? String(err);
}
