import { describe, expect, it } from 'vitest';
import { CookieJar, DEMO_PASSWORD, testDesk } from '../testing/test-desk.ts';

type Desk = Awaited<ReturnType<typeof testDesk>>;

async function signedIn(desk: Desk): Promise<CookieJar> {
  const jar = new CookieJar();
  const form = await (await desk.request('/login', {}, { cookies: jar })).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(form)![1]!;
  await desk.request(
    '/login',
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://desk.test' },
      body: new URLSearchParams({ csrf, username: 'alice', password: DEMO_PASSWORD }).toString(),
    },
    { cookies: jar },
  );
  return jar;
}

const post = (desk: Desk, path: string, body: unknown, jar?: CookieJar) =>
  desk.request(
    path,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    { cookies: jar },
  );

describe('the CRM: screen pop and call log', () => {
  it('pops the card of the customer named by the account number in the call data, before the answer', async () => {
    const desk = await testDesk();
    desk.customers.upsert([
      { phone: '13900001111', name: 'Ada Lovelace', accountNo: '4711', tier: 'gold', language: 'en' },
      { phone: '13900002222', name: 'Charles Babbage', accountNo: '0815' },
    ]);
    // The caller phones from Ada's number but keyed in Charles's account: the account wins.
    desk.callInfos.set('1700000000-7', {
      calldata: '{"account":"0815","language":"de"}',
      callId: '1700000000-7',
    });
    const jar = await signedIn(desk);
    const res = await post(
      desk,
      '/api/calls/offered',
      { callid: '1700000000-7', number: '13900001111' },
      jar,
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      callid: '1700000000-7',
      number: '13900001111',
      customer: { phone: '13900002222', name: 'Charles Babbage', accountNo: '0815', tier: 'standard' },
      matchedBy: 'account',
      callData: { account: '0815', language: 'de' },
      callDataKnown: true,
    });
    expect(desk.callInfoQueries).toEqual([
      { callId: '1700000000-7', userId: 'alice', tenantId: desk.config.cec.tenantSpaceId, agentId: '101' },
    ]);
  });

  it('finds the customer by phone without call data, and pops the number alone when the CEC cannot say', async () => {
    const desk = await testDesk();
    desk.customers.upsert([{ phone: '13900001111', name: 'Ada Lovelace' }]);
    const jar = await signedIn(desk);
    const res = await post(
      desk,
      '/api/calls/offered',
      { callid: '1700000000-8', number: '13900001111' },
      jar,
    );
    expect(await res.json()).toMatchObject({
      customer: { name: 'Ada Lovelace' },
      matchedBy: 'phone',
      callData: {},
      callDataKnown: false,
    });
    expect(desk.logger.lines.some((l) => l.includes('call information unavailable'))).toBe(true);
  });

  it('logs the call: offered, answered, ended with its talk time and disposition', async () => {
    const desk = await testDesk();
    desk.customers.upsert([{ phone: '13900001111', name: 'Ada Lovelace' }]);
    const jar = await signedIn(desk);
    await post(desk, '/api/calls/offered', { callid: '1700000000-9', number: '13900001111' }, jar);
    desk.clock.advance(4_000);
    expect((await post(desk, '/api/calls/answered', { callid: '1700000000-9' }, jar)).status).toBe(200);
    desk.clock.advance(65_400);
    const ended = await post(desk, '/api/calls/ended', { callid: '1700000000-9' }, jar);
    expect(await ended.json()).toMatchObject({
      callid: '1700000000-9',
      accountCode: 'aaliyah.bosco',
      workNo: 101,
      number: '13900001111',
      customer: 'Ada Lovelace',
      durationSec: 65,
      disposition: 'answered',
    });
    // A second end changes nothing: 404.
    expect((await post(desk, '/api/calls/ended', { callid: '1700000000-9' }, jar)).status).toBe(404);
    // A call offered and never answered is missed, with no talk time.
    await post(desk, '/api/calls/offered', { callid: '1700000000-10', number: '555' }, jar);
    await post(desk, '/api/calls/ended', { callid: '1700000000-10' }, jar);
    const list = (await (await desk.request('/api/calls', {}, { cookies: jar })).json()) as {
      calls: { callid: string; disposition: string; durationSec: number }[];
    };
    expect(list.calls.map((c) => [c.callid, c.disposition, c.durationSec])).toEqual([
      ['1700000000-10', 'missed', 0],
      ['1700000000-9', 'answered', 65],
    ]);
    const row = desk.db.prepare('SELECT count(*) AS n FROM call_log').get() as { n: number };
    expect(row.n).toBe(2);
  });

  it('refuses strangers (401), bad bodies (400) and a form post (400)', async () => {
    const desk = await testDesk();
    expect((await post(desk, '/api/calls/offered', { callid: '1-1', number: '1' })).status).toBe(401);
    const jar = await signedIn(desk);
    expect((await post(desk, '/api/calls/offered', { callid: 'x', number: '1' }, jar)).status).toBe(400);
    expect((await post(desk, '/api/calls/offered', { callid: '1-1', number: 'abc' }, jar)).status).toBe(400);
    expect((await post(desk, '/api/calls/answered', [], jar)).status).toBe(400);
    const form = await desk.request(
      '/api/calls/ended',
      { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"callid":"1-1"}' },
      { cookies: jar },
    );
    expect(form.status).toBe(400);
  });
});
