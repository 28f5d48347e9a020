import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeCustomerCalls } from '../../testing/fake-customer-calls.ts';
import { createCecHandlers } from './index.ts';

/** A gateway client written only from docs/vendor/agent-gateway.md: sign in, take the GUID, poll. */
async function signInAndPoll(base: string, workNo: number, password: string) {
  const signIn = await fetch(`${base}/agentgateway/resource/onlineagent/${workNo}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json;charset=UTF-8' },
    body: JSON.stringify({ password, status: 4 }),
  });
  const guid = signIn.headers.get('set-guid')?.replace('JSESSIONID=', '') ?? '';
  const poll = await fetch(`${base}/agentgateway/resource/agentevent/${workNo}`, { headers: { Guid: guid } });
  return { signIn: await signIn.json(), guid, poll: await poll.json() };
}

describe('msw handlers serve the agent gateway too', () => {
  const calls = new FakeCustomerCalls();
  const cec = createCecHandlers({ baseUrl: 'https://cec.example.com', seed: 12, customerCalls: calls });
  const msw = setupServer(...cec.handlers);

  beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => msw.close());

  it('signs in with Set-GUID and polls the first event', async () => {
    const agent = cec.tenant.config.agents[0]!;
    const out = await signInAndPoll('https://cec.example.com', agent.workNo, agent.password);
    expect(out.signIn).toMatchObject({ retcode: '0', result: { workno: String(agent.workNo) } });
    expect(out.guid).toMatch(/\.AgentGateway1$/);
    expect(out.poll).toMatchObject({ retcode: '0', event: { eventType: 'AgentOther_InService' } });
  });

  it('answers the CORS preflight of ccbarclient.js without a body', async () => {
    const res = await fetch(
      'https://cec.example.com/service-cloud/ccdesktop/pages/cc-bar/js/ccbarclient.js',
      {
        method: 'OPTIONS',
      },
    );
    expect(res.status).toBe(204);
  });
});
