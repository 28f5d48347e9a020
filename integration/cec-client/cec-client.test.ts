import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultInboundBehaviour } from '../../mock-cec/domain/acd/customer-directory.ts';
import { type CecHandlers, createCecHandlers } from '../../mock-cec/edges/msw/index.ts';
import { ManualClock } from '../core/clock.ts';
import { memoryLogger } from '../core/logger.ts';
import { createCecClient } from './cec-client.ts';
import { describeFailure } from './cec-failure.ts';
import type { RetryDeps } from './retry.ts';
import { TOKEN_BY_AK_SK_PATH } from './token-by-ak-sk.ts';

const BASE = 'https://cec.test';
const clock = new ManualClock();
const cec: CecHandlers = createCecHandlers({ baseUrl: BASE, seed: 41, clock });
const server = setupServer(...cec.handlers);
const { appKey, appSecret } = cec.tenant.config.app;

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  cec.sim.faults.clear();
});
afterAll(() => server.close());

/** A client on the shared clock whose retries record their delays instead of sleeping. */
function client(overrides: { appSecret?: string; timeoutMs?: number; tokenExpireSec?: number } = {}) {
  const delays: number[] = [];
  const retryDeps: RetryDeps = { sleep: async (ms) => void delays.push(ms), random: () => 0.5 };
  const logger = memoryLogger();
  const c = createCecClient({
    baseUrl: BASE,
    appKey,
    appSecret: overrides.appSecret ?? appSecret,
    tokenExpireSec: overrides.tokenExpireSec ?? 600,
    timeoutMs: overrides.timeoutMs ?? 2000,
    retryDeps,
    clock,
    logger,
  });
  return { c, delays, logger };
}

/** How many requests of one API reached the CEC since `since` (from the simulator's own journal). */
function calls(api: string, since: number): number {
  return cec.sim.journal.query({ kind: 'http', sinceSeq: since }).filter((e) => 'api' in e && e.api === api)
    .length;
}
const mark = () => cec.sim.journal.query().at(-1)?.seq ?? 0;

describe('TokenByAkSk', () => {
  it('caches the token until shortly before it expires', async () => {
    const { c } = client();
    const since = mark();
    const first = await c.accessToken();
    const second = await c.accessToken();
    expect(first.ok && second.ok && first.value.value === second.value.value).toBe(true);
    expect(calls('TokenByAkSk', since)).toBe(1);
  });

  it('computes expiry from CreateTime and Expires, with X-Token-Expire as configured', async () => {
    const { c } = client({ tokenExpireSec: 120 });
    const res = await c.accessToken();
    if (!res.ok) throw new Error(describeFailure(res.failure));
    // CreateTime has whole seconds: the expiry is the issue second plus 120 s.
    expect(res.value.expiresAt).toBe(Math.floor(clock.now() / 1000) * 1000 + 120_000);
    expect(res.value.renewAt).toBe(res.value.expiresAt - 24_000);
  });

  it('sends one request for many concurrent callers', async () => {
    const { c } = client();
    const since = mark();
    const results = await Promise.all(Array.from({ length: 8 }, () => c.accessToken()));
    expect(new Set(results.map((r) => (r.ok ? r.value.value : 'failed'))).size).toBe(1);
    expect(calls('TokenByAkSk', since)).toBe(1);
  });

  it('renews in the background before expiry and waits only once it has expired', async () => {
    const { c } = client({ tokenExpireSec: 600 });
    const first = await c.accessToken();
    if (!first.ok) throw new Error('no token');
    clock.advance(first.value.renewAt - clock.now());
    const since = mark();
    const during = await c.accessToken();
    expect(during.ok && during.value).toBe(first.value); // handed out at once, renewal behind it
    await expect
      .poll(async () => {
        const r = await c.accessToken();
        return r.ok && r.value.value !== first.value.value;
      })
      .toBe(true);
    expect(calls('TokenByAkSk', since)).toBe(1);
    const renewed = await c.accessToken();

    clock.advance(601_000);
    const expiredSince = mark();
    const fresh = await c.accessToken();
    expect(fresh.ok && renewed.ok && fresh.value.value !== renewed.value.value).toBe(true);
    expect(calls('TokenByAkSk', expiredSince)).toBe(1);
  });

  it('retries 5xx with growing, jittered delays', async () => {
    cec.sim.faults.add({ api: 'TokenByAkSk', times: 2, action: { do: 'status', status: 503 } });
    const { c, delays, logger } = client();
    const since = mark();
    const res = await c.accessToken();
    expect(res.ok).toBe(true);
    expect(calls('TokenByAkSk', since)).toBe(3);
    // Full jitter with random() = 0.5: half of 200·2⁰ and 200·2¹.
    expect(delays).toEqual([100, 200]);
    expect(logger.lines.filter((l) => l.startsWith('warn CEC call failed, retrying'))).toHaveLength(2);
  });

  it('retries network errors and gives up after the last attempt', async () => {
    cec.sim.faults.add({ api: 'TokenByAkSk', action: { do: 'drop' } });
    const { c, delays } = client();
    const since = mark();
    const res = await c.accessToken();
    expect(res.ok ? undefined : res.failure).toMatchObject({ kind: 'unavailable', attempts: 4 });
    expect(res.ok ? '' : res.failure.kind === 'unavailable' && res.failure.last).toMatch(/^network error/);
    expect(calls('TokenByAkSk', since)).toBe(4);
    expect(delays).toEqual([100, 200, 400]);
  });

  it('honours Retry-After on 429, and does not wait for an unreasonable one', async () => {
    let hits = 0;
    server.use(
      http.post(`${BASE}${TOKEN_BY_AK_SK_PATH}`, () => {
        hits++;
        return hits === 1
          ? new HttpResponse(null, { status: 429, headers: { 'Retry-After': '3' } })
          : undefined; // fall through to the simulator
      }),
    );
    const { c, delays } = client();
    expect((await c.accessToken()).ok).toBe(true);
    expect(delays).toEqual([3000]);

    server.use(
      http.post(
        `${BASE}${TOKEN_BY_AK_SK_PATH}`,
        () => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '3600' } }),
      ),
    );
    const slow = client();
    const res = await slow.c.accessToken();
    expect(res.ok ? undefined : res.failure).toMatchObject({
      kind: 'unavailable',
      attempts: 1,
      last: 'HTTP 429',
    });
    expect(slow.delays).toEqual([]);
  });

  it('does not retry bad credentials, and names the app key but never the secret', async () => {
    const { c, delays, logger } = client({ appSecret: 'wrong-secret-value' });
    const since = mark();
    const res = await c.accessToken();
    if (res.ok) throw new Error('expected a failure');
    expect(res.failure).toEqual({ kind: 'bad-credentials', api: 'TokenByAkSk', appKey });
    expect(calls('TokenByAkSk', since)).toBe(1);
    expect(delays).toEqual([]);
    const text = [describeFailure(res.failure), ...logger.lines].join('\n');
    expect(text).toContain(appKey);
    expect(text).not.toContain('wrong-secret-value');
  });

  it.each([
    [403, 'forbidden'],
    [400, 'rejected'],
  ])('does not retry HTTP %i (%s)', async (status, kind) => {
    cec.sim.faults.add({ api: 'TokenByAkSk', action: { do: 'status', status } });
    const { c, delays } = client();
    const res = await c.accessToken();
    expect(res.ok ? undefined : res.failure.kind).toBe(kind);
    expect(delays).toEqual([]);
  });

  it('refuses a 200 whose body is not the vendor’s', async () => {
    cec.sim.faults.add({ api: 'TokenByAkSk', action: { do: 'malformed' } });
    const res = await client().c.accessToken();
    expect(res.ok ? undefined : res.failure).toEqual({
      kind: 'bad-response',
      api: 'TokenByAkSk',
      detail: 'the body is not JSON',
    });
  });

  it('times out a CEC that does not answer, and retries', async () => {
    cec.sim.faults.add({ api: 'TokenByAkSk', times: 1, delayMs: 10_000, action: { do: 'delay', ms: 0 } });
    const { c, delays } = client({ timeoutMs: 50 });
    const res = await c.accessToken();
    expect(res.ok).toBe(true);
    expect(delays).toEqual([100]);
  });
});

describe('QueryAgentInfo', () => {
  it('sends the bearer token and the app key, and reads the agents', async () => {
    let seen: Headers | undefined;
    server.events.on('request:start', ({ request }) => {
      if (request.url.endsWith('/queryAgentInfo')) seen = request.headers;
    });
    const { c } = client();
    const res = await c.queryAgentInfo();
    server.events.removeAllListeners();
    if (!res.ok) throw new Error(describeFailure(res.failure));
    const token = await c.accessToken();
    expect(seen?.get('authorization')).toBe(`Bearer ${token.ok ? token.value.value : ''}`);
    expect(seen?.get('x-app-key')).toBe(appKey);
    expect(res.value.agents.map((a) => a.workNo)).toEqual(cec.tenant.config.agents.map((a) => a.workNo));
    expect(typeof res.value.sipServicePort).toBe('number');
  });

  it('gets one fresh token and retries once after a 401', async () => {
    cec.sim.faults.add({ api: 'QueryAgentInfo', times: 1, action: { do: 'expire-tokens' } });
    const { c } = client();
    await c.accessToken();
    const since = mark();
    const res = await c.queryAgentInfo();
    expect(res.ok).toBe(true);
    expect(calls('QueryAgentInfo', since)).toBe(2);
    expect(calls('TokenByAkSk', since)).toBe(1);
  });

  it('stops after that one retry when the CEC keeps saying 401', async () => {
    cec.sim.faults.add({ api: 'QueryAgentInfo', action: { do: 'status', status: 401 } });
    const { c } = client();
    const since = mark();
    const res = await c.queryAgentInfo();
    expect(res.ok ? undefined : res.failure.kind).toBe('unauthorized');
    expect(calls('QueryAgentInfo', since)).toBe(2);
    expect(calls('TokenByAkSk', since)).toBe(2);
  });

  it('retries a 500, then succeeds', async () => {
    cec.sim.faults.add({ api: 'QueryAgentInfo', times: 1, action: { do: 'status', status: 500 } });
    const { c, delays } = client();
    expect((await c.queryAgentInfo()).ok).toBe(true);
    expect(delays).toEqual([100]);
  });

  it('accepts sipServicePort as a number too', async () => {
    const numeric = createCecHandlers({
      baseUrl: 'https://cec-numeric.test',
      tenant: { ...cec.tenant.config, tenantSpaceId: 'numeric', sip: { portAsNumber: true } },
    });
    server.use(...numeric.handlers);
    const c = createCecClient({
      baseUrl: 'https://cec-numeric.test',
      appKey,
      appSecret,
      tokenExpireSec: 600,
      timeoutMs: 2000,
    });
    const res = await c.queryAgentInfo();
    expect(res.ok && res.value.sipServicePort).toBe(5060);
    numeric.sim.dispose();
  });

  it('refuses the whole list when one agent is malformed', async () => {
    cec.sim.faults.add({
      api: 'QueryAgentInfo',
      action: {
        do: 'body',
        status: 200,
        body: '{"sipServiceIp":"1.2.3.4","sipServicePort":"5060","agents":[{"workNo":1,"sipAccount":"","sipPwd":"x","accountCode":"a"}]}',
      },
    });
    const res = await client().c.queryAgentInfo();
    expect(res.ok ? undefined : res.failure).toMatchObject({
      kind: 'bad-response',
      detail: /^agents\.0\.sipAccount/,
    });
  });
});

describe('secrets', () => {
  it('never appear in a log line or an error message, whatever fails', async () => {
    const { c, logger } = client({ timeoutMs: 50 });
    const good = await c.accessToken();
    const token = good.ok ? good.value.value : '';
    const messages: string[] = [];
    const scenarios = [
      { api: 'TokenByAkSk', action: { do: 'status', status: 500 } },
      { api: 'QueryAgentInfo', action: { do: 'status', status: 401 } },
      { api: 'QueryAgentInfo', action: { do: 'status', status: 403 } },
      { api: 'QueryAgentInfo', action: { do: 'drop' } },
      { api: 'QueryAgentInfo', action: { do: 'malformed' } },
      { api: 'QueryAgentInfo', delayMs: 5000, action: { do: 'delay', ms: 0 } },
    ] as const;
    for (const rule of scenarios) {
      const added = cec.sim.faults.add(rule);
      clock.advance(3_600_000); // a new token each round: more values that must not leak
      const res = await c.queryAgentInfo();
      if (!res.ok) messages.push(describeFailure(res.failure));
      cec.sim.faults.remove(added.id);
    }
    const wrong = client({ appSecret: 'another-secret' });
    const bad = await wrong.c.accessToken();
    if (!bad.ok) messages.push(describeFailure(bad.failure));

    const text = [...messages, ...logger.lines, ...wrong.logger.lines].join('\n');
    expect(messages.length).toBeGreaterThanOrEqual(6);
    expect(text).not.toContain(appSecret);
    expect(text).not.toContain('another-secret');
    expect(text).not.toContain(token);
    expect(text).not.toMatch(/[0-9a-f]{40}/); // the simulator's tokens are 40 hex digits
    for (const a of cec.tenant.config.agents) expect(text).not.toContain(a.sipPwd);
  });
});

describe('QueryCallInfoByCallId', () => {
  it("reads a call's data with the cached token, and fails as rejected for an unknown call", async () => {
    const { c } = client();
    const center = cec.tenant.center!;
    const placed = center.acd.enqueue(
      {
        skillId: 1,
        from: '13900001111',
        to: '10086',
        behaviour: defaultInboundBehaviour,
        callData: 'account=4711',
      },
      'test',
    );
    if (!placed.ok) throw new Error('the call was not queued');
    const q = {
      callId: placed.call.id,
      userId: 'alice',
      tenantId: cec.tenant.config.tenantSpaceId,
      agentId: String(cec.tenant.config.agents[0]!.workNo),
    };
    const info = await c.queryCallInfo(q);
    expect(info).toEqual({
      ok: true,
      value: {
        caller: '13900001111',
        called: '10086',
        calldata: 'account=4711',
        callId: placed.call.id,
        callSkillId: '1',
        callSkill: 'General',
      },
    });
    const unknown = await c.queryCallInfo({ ...q, callId: '1-99999' });
    expect(unknown.ok ? undefined : describeFailure(unknown.failure)).toMatch(/QueryCallInfoByCallId.*404/);
  });
});
