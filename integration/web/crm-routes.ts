/**
 * The CRM side of the desk: the customer's card when a call rings, and the call log. The page
 * reports the bar's events (the call offered, answered, ended); the server looks the caller and
 * the call data up (QueryCallInfoByCallId, then its own customers) and logs the call on its own
 * clock. Each call needs a session and acts for the session's agent only.
 */
import type { Hono } from 'hono';
import type { AccountStore } from '../accounts/account-store.ts';
import type { CecResult } from '../cec-client/cec-failure.ts';
import { describeFailure } from '../cec-client/cec-failure.ts';
import type { CallInfo, CallInfoQuery } from '../cec-client/query-call-info.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { CallLog } from '../crm/call-log.ts';
import type { CustomerStore } from '../crm/customers.ts';
import { customerCard } from '../crm/screen-pop.ts';
import type { AppEnv } from './app-env.ts';
import { requireUser, type UserGuardDeps } from './desk-routes.ts';

export interface CrmDeps extends UserGuardDeps {
  accounts: AccountStore;
  customers: CustomerStore;
  callLog: CallLog;
  /** The CEC's call information (the CEC client's queryCallInfo). */
  callInfo(q: CallInfoQuery): Promise<CecResult<CallInfo>>;
  tenantSpaceId: string;
  clock: Clock;
  logger: Logger;
}

const CALLID = /^\d{1,12}-\d{1,12}$/;
const NUMBER = /^[0-9*#+]{1,32}$/;

async function jsonBody(c: import('hono').Context): Promise<Record<string, unknown> | undefined> {
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) return undefined;
  const body: unknown = await c.req.json().catch(() => undefined);
  return body !== null && typeof body === 'object' && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : undefined;
}

export function mountCrmRoutes(app: Hono<AppEnv>, d: CrmDeps): void {
  // POST with a JSON body: a cross-site page cannot send that without a CORS preflight, never granted.
  app.post('/api/calls/offered', requireUser(d, true), async (c) => {
    const body = await jsonBody(c);
    const callid = body?.callid;
    const number = body?.number;
    if (
      typeof callid !== 'string' ||
      !CALLID.test(callid) ||
      typeof number !== 'string' ||
      !NUMBER.test(number)
    )
      return c.json({ error: 'Send JSON {callid, number}.' }, 400);
    const user = c.get('user');
    const account = d.accounts.active(user.accountCode);
    if (!account) return c.json({ error: 'Your agent account is unknown to the contact center.' }, 409);
    const info = await d.callInfo({
      callId: callid,
      userId: user.username,
      tenantId: d.tenantSpaceId,
      agentId: String(account.workNo),
    });
    if (!info.ok) {
      // The card still pops with what the page knows: the number, looked up in the CRM.
      d.logger.warn('call information unavailable', { callid, reason: describeFailure(info.failure) });
    }
    const card = customerCard(
      { callid, number, callData: info.ok ? (info.value.calldata ?? '') : undefined },
      d.customers,
    );
    d.callLog.offered(
      {
        callid,
        accountCode: user.accountCode,
        workNo: account.workNo,
        number,
        customer: card.customer?.name,
      },
      d.clock.now(),
    );
    d.logger.info('screen pop', {
      callid,
      workNo: account.workNo,
      customer: card.customer?.name ?? null,
      matchedBy: card.matchedBy,
    });
    return c.json(card);
  });

  for (const step of ['answered', 'ended'] as const) {
    app.post(`/api/calls/${step}`, requireUser(d, true), async (c) => {
      const body = await jsonBody(c);
      const callid = body?.callid;
      if (typeof callid !== 'string' || !CALLID.test(callid))
        return c.json({ error: 'Send JSON {callid}.' }, 400);
      const user = c.get('user');
      const now = d.clock.now();
      if (step === 'answered') {
        return d.callLog.answered(callid, user.accountCode, now)
          ? c.json({ callid })
          : c.json({ error: `No open call ${callid} in your log.` }, 404);
      }
      const logged = d.callLog.ended(callid, user.accountCode, now);
      if (!logged) return c.json({ error: `No open call ${callid} in your log.` }, 404);
      d.logger.info('call logged', { ...logged });
      return c.json(logged);
    });
  }

  /** The agent's own calls, newest first. */
  app.get('/api/calls', requireUser(d, true), (c) => {
    const user = c.get('user');
    return c.json({
      calls: d.callLog
        .recent(200)
        .filter((l) => l.accountCode === user.accountCode)
        .slice(0, 50),
    });
  });
}
