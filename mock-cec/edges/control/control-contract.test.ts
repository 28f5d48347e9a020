import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { seedTenant } from '../../infrastructure/config/seed-tenant.ts';
import { type MockCec, startMockCec } from '../../start-mock-cec.ts';
import { FakeMediaEngine } from '../../telephony/sip/testing/fake-media-engine.ts';
import { controlClient, type NodeControlClient } from './client.ts';
import { controlRecords } from './control-api.ts';
import { checkResponses } from './response-check.ts';

/**
 * The contract: every route record is called over HTTPS through the typed
 * client, on a simulator that checks each answer against its record
 * (MOCK_CEC_CHECK_RESPONSES, vitest.config.ts). A handler answering a shape
 * its record does not declare turns into a 500 here, and a record with no
 * call below fails the coverage test.
 */
let cec: MockCec;
let dir: string;
let client: NodeControlClient;
const called = new Set<string>();
const statuses: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mock-cec-contract-'));
  cec = await startMockCec({
    certDir: dir,
    tenants: [{ config: seedTenant(71, { agents: 2 }), seed: 71 }],
    sip: { port: 0 },
    media: new FakeMediaEngine(),
  });
  client = controlClient({ url: cec.url, ca: cec.cert!.ca });
});

afterAll(async () => {
  await client?.close();
  await cec?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Call one route and read its answer (so the connection is free again); it must not be the check's 500. */
async function hit<R extends { status: number; text(): Promise<string> }>(
  operationId: string,
  call: () => Promise<R>,
): Promise<R> {
  const res = await call();
  const text = await res.text();
  called.add(operationId);
  statuses.push(`${operationId} ${res.status}`);
  if (res.status === 500) throw new Error(`${operationId}: ${text}`);
  return { status: res.status, text: async () => text, json: async () => JSON.parse(text) } as unknown as R;
}

describe('control API contract', () => {
  it('answers every route as its record declares, successes and refusals', async () => {
    expect(process.env.MOCK_CEC_CHECK_RESPONSES).toBe('1');
    const api = client.api;
    const id = cec.sim.tenants()[0]!.id;
    const agent = cec.sim.tenants()[0]!.config.agents[0]!;

    await hit('health', () => api.health.$get());
    await hit('openapi', () => api['openapi.json'].$get());
    await hit('listTenants', () => api.tenants.$get());
    const created = await hit('createTenant', () => api.tenants.$post({ json: { seed: 72, agents: 1 } }));
    expect(created.status).toBe(201);
    await hit('createTenant', () => api.tenants.$post({ json: { seed: 72 } })); // 409
    await hit('createTenant', () => api.tenants.$post({ json: { seed: -1 } })); // 400
    await hit('getTenant', () => api.tenants[':id'].$get({ param: { id } }));
    await hit('getTenant', () => api.tenants[':id'].$get({ param: { id: 'nope' } }));
    await hit('resetTenant', () => api.tenants[':id'].reset.$post({ param: { id } }));
    await hit('getClock', () => api.tenants[':id'].clock.$get({ param: { id } }));
    await hit('advanceClock', () =>
      api.tenants[':id'].clock.$post({ param: { id }, json: { advanceMs: 1000 } }),
    );
    await hit('advanceClock', () =>
      api.tenants[':id'].clock.$post({ param: { id }, json: { advanceMs: -1 } }),
    );
    await hit('listAgents', () => api.tenants[':id'].agents.$get({ param: { id } }));
    const workNo = String(agent.workNo);
    await hit('agentAnswers', () =>
      api.tenants[':id'].agents[':workNo'].answer.$post({ param: { id, workNo } }),
    ); // 404: not signed in
    await hit('agentHangsUp', () =>
      api.tenants[':id'].agents[':workNo'].hangup.$post({ param: { id, workNo: '1' } }),
    ); // 400

    const fault = await hit('addFault', () =>
      api.faults.$post({
        json: { tenant: id, api: 'QueryAgentInfo', action: { do: 'status', status: 503 } },
      }),
    );
    expect(fault.status).toBe(201);
    await hit('addFault', () => api.faults.$post({ json: { action: { do: 'nothing' } } as never }));
    await hit('listFaults', () => api.faults.$get({ query: { tenant: id } }));
    const ruleId = fault.status === 201 ? (await fault.json()).id : '';
    await hit('removeFault', () => api.faults[':id'].$delete({ param: { id: ruleId } }));
    await hit('removeFault', () => api.faults[':id'].$delete({ param: { id: ruleId } })); // 404
    await hit('clearFaults', () => api.faults.$delete({ query: { tenant: id } }));

    await hit('journalMark', () => api.journal.$post({ json: { tenant: id, action: 'test.mark' } }));
    await hit('journalMark', () => api.journal.$post({ json: { action: 'Not An Action' } }));
    await hit('journal', () => api.journal.$get({ query: { tenant: id, limit: '5' } }));
    await hit('journal', () => api.journal.$get({ query: { format: 'ndjson' } }));
    await hit('journal', () => api.journal.$get({ query: { kind: 'nope' } }));
    await hit('journalNdjson', () => api['journal.ndjson'].$get({ query: { tenant: id } }));

    const placed = await hit('placeCall', () => api.calls.$post({ json: { tenant: id } }));
    expect(placed.status).toBe(201);
    await hit('placeCall', () => api.calls.$post({ json: { tenant: id, skillId: 999 } }));
    await hit('placeCall', () => api.calls.$post({ json: { tenant: 'nope' } }));
    await hit('listCalls', () => api.calls.$get({ query: { tenant: id } }));
    const callId = placed.status === 201 ? (await placed.json()).id : '';
    const recordings = api.tenants[':id'].calls[':callId'].recordings;
    await hit('listRecordings', () => recordings.$get({ param: { id, callId } }));
    await hit('listRecordings', () => recordings.$get({ param: { id, callId: '1-1' } })); // 404
    await hit('getRecording', () =>
      recordings[':recordingId'].$get({ param: { id, callId, recordingId: `${callId}-5001-heard` } }),
    ); // 404: not recorded (recording.enabled is off)
    await hit('hangupCall', () => api.calls[':id'].$delete({ param: { id: callId }, query: { tenant: id } }));
    await hit('hangupCall', () => api.calls[':id'].$delete({ param: { id: callId }, query: { tenant: id } }));

    await hit('sipRegistrations', () => api.sip.registrations.$get({ query: { tenant: id } }));
    const dialled = await hit('sipDial', () =>
      api.sip.dial.$post({ json: { tenant: id, toSipAccount: agent.sipAccount } }),
    );
    expect(dialled.status).toBe(201);
    await hit('sipDial', () => api.sip.dial.$post({ json: { tenant: id } }));
    await hit('sipLegs', () => api.sip.legs.$get({ query: { tenant: id } }));
    const legId = dialled.status === 201 ? (await dialled.json()).callId : '';
    await hit('sipLeg', () => api.sip.legs[':callId'].$get({ param: { callId: legId } }));
    await hit('sipAnswer', () => api.sip.legs[':callId'].answer.$post({ param: { callId: legId } }));
    await hit('sipAnswer', () => api.sip.legs[':callId'].answer.$post({ param: { callId: 'nope' } })); // 404
    await hit('sipHangup', () => api.sip.legs[':callId'].$delete({ param: { callId: legId } }));
    await hit('sipLeg', () => api.sip.legs[':callId'].$get({ param: { callId: 'nope' } }));

    await hit('deleteTenant', () => api.tenants[':id'].$delete({ param: { id } }));
    await hit('deleteTenant', () => api.tenants[':id'].$delete({ param: { id } }));
    expect(statuses).toContain('deleteTenant 404');
  });

  it('calls every route record at least once', () => {
    const records = controlRecords(cec.sim).map((r) => r.route.operationId);
    expect(records.filter((op) => !called.has(op!))).toEqual([]);
  });
});

describe('the answer check', () => {
  const route = createRoute({
    method: 'get',
    path: '/thing/{id}',
    responses: {
      200: { content: { 'application/json': { schema: z.object({ n: z.number() }) } }, description: 'ok' },
      204: { description: 'nothing' },
    },
  });
  const app = (answer: (id: string) => Response) => {
    const a = new OpenAPIHono();
    a.use('*', checkResponses([route]));
    a.get('/thing/:id', (c) => answer(c.req.param('id')));
    return a;
  };

  it('lets a declared answer through and turns an undeclared one into a 500 naming the difference', async () => {
    const ok = app(() => Response.json({ n: 1 }));
    expect((await ok.request('/thing/1')).status).toBe(200);
    expect((await app(() => new Response(null, { status: 204 })).request('/thing/1')).status).toBe(204);

    const wrongShape = await app(() => Response.json({ n: 'one' })).request('/thing/1');
    expect(wrongShape.status).toBe(500);
    expect(await wrongShape.json()).toMatchObject({
      error: {
        code: 'undeclared-response',
        message: expect.stringMatching(/GET \/thing\/\{id\} answered 200.*n:/),
      },
    });
    const wrongStatus = await app(() => Response.json({ n: 1 }, { status: 418 })).request('/thing/1');
    expect(wrongStatus.status).toBe(500);
    expect(JSON.stringify(await wrongStatus.json())).toContain('status 418 is not among 200, 204');
  });
});
