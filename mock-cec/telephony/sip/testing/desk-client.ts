import type { Agent } from '../../../infrastructure/config/tenant-schema.ts';

/**
 * The agent gateway as the bar calls it (docs/vendor/agent-gateway.md), over HTTP: sign
 * in, keep the GUID it hands out, press Answer. For tests that pair a real
 * softphone with an agent the ACD offers calls to.
 */
export function deskClient(httpBase: string) {
  const guids = new Map<number, string>();
  const call = async (method: string, path: string, workNo: number, body?: unknown) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json;charset=UTF-8' };
    const guid = guids.get(workNo);
    if (guid) headers.Guid = guid;
    const res = await fetch(`${httpBase}/agentgateway/resource${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.get('set-guid');
    if (set) guids.set(workNo, set.replace(/^JSESSIONID=/, ''));
    return (await res.json()) as { retcode: string; message: string; result?: unknown };
  };
  return {
    /** Sign in with the agent's own phone, answering by hand (autoanswer false, as the bar does). */
    signIn: (agent: Agent) =>
      call('PUT', `/onlineagent/${agent.workNo}`, agent.workNo, {
        password: agent.password,
        phonenum: agent.sipAccount,
        autoanswer: false,
      }),
    /** The bar's Answer. */
    answer: (agent: Agent) => call('PUT', `/voicecall/${agent.workNo}/answer`, agent.workNo),
  };
}
