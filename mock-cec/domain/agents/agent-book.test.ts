import { describe, expect, it } from 'vitest';
import { seedTenant } from '../../infrastructure/config/seed-tenant.ts';
import { Journal } from '../../infrastructure/journal/journal.ts';
import { ManualClock } from '../../infrastructure/primitives/clock.ts';
import { AgentBook, MAX_QUEUED_EVENTS } from './agent-book.ts';
import { releaseEvents, signInEvents } from './agent-events.ts';

const login = {
  phonenum: '88000101',
  autoanswer: false,
  autoenteridle: true,
  releasephone: true,
  agenttype: 4,
  status: 4 as const,
  loginTime: 1_000_000,
  skills: [1],
};

function book() {
  const clock = new ManualClock(1_000_000);
  const journal = new Journal();
  const config = seedTenant(1, { agents: 2 });
  const agents = new AgentBook(config.agents, {
    tenant: 't1',
    now: () => clock.now(),
    append: (e) => void journal.append(e),
  });
  return { clock, journal, agents, agent: agents.get(config.agents[0]!.workNo)! };
}

describe('AgentBook', () => {
  it('journals every move with the tenant clock and refuses illegal ones as bugs', () => {
    const { agents, agent, journal, clock } = book();
    clock.advance(5);
    agents.signIn(agent, login, 'idle', 'c1', 'sign-in');
    expect(agent.idleSince).toBe(1_000_005);
    expect(journal.query({ kind: 'state' })).toEqual([
      expect.objectContaining({
        at: 1_000_005,
        tenant: 't1',
        corr: 'c1',
        entity: 'agent',
        from: 'signed-out',
        to: 'idle',
      }),
    ]);
    expect(() => agents.move(agent, 'dialing', 'c2')).toThrow(/illegal move idle → dialing/);
  });

  it('queues events in the vendor shape, journals them and wakes listeners', () => {
    const { agents, agent, journal } = book();
    const woken: number[] = [];
    agents.onEvents((a) => woken.push(a.workNo));
    agents.emit(agent, signInEvents(4), 'c1');
    expect(woken).toEqual([agent.workNo]);
    expect(agents.take(agent)).toEqual({
      eventType: 'AgentOther_InService',
      workNo: String(agent.workNo),
      content: null,
      eventGenTime: 1_000_000,
    });
    expect(journal.query({ kind: 'event' }).map((e) => (e.kind === 'event' ? e.eventType : ''))).toEqual([
      'AgentOther_InService',
      'AgentState_Ready',
    ]);
  });

  it('describes a release in the vendor order, Customer_Release {callid, number} whoever hung up', () => {
    const call = {
      callid: '1-1',
      caller: '5550100',
      called: '2',
      customer: '5550100',
      feature: '0' as const,
    };
    expect(releaseEvents(call, 'customer')).toEqual([
      { eventType: 'AgentEvent_Call_Release', content: '1-1' },
      { eventType: 'AgentEvent_Customer_Release', content: { callid: '1-1', number: '5550100' } },
      { eventType: 'AgentOther_PhoneRelease', content: { phoneState: 3 } },
    ]);
    expect(releaseEvents(call, 'agent').map((e) => e.content)).toEqual([
      '1-1',
      { callid: '1-1', number: '5550100' },
      { phoneState: 2 },
    ]);
  });

  it('refuses, as a bug, an event whose content breaks the catalogue', () => {
    const { agents, agent } = book();
    const bad = [{ eventType: 'AgentEvent_Customer_Release', content: '1-1' }] as never;
    expect(() => agents.emit(agent, bad, 'c')).toThrow(/AgentEvent_Customer_Release content/);
    expect(agent.events).toEqual([]);
  });

  it('keeps at most MAX_QUEUED_EVENTS, dropping the oldest', () => {
    const { agents, agent } = book();
    for (let i = 0; i < MAX_QUEUED_EVENTS + 3; i++) {
      agents.emit(
        agent,
        [{ eventType: 'AgentState_SetNotReady_Success', content: { reason: String(i) } }],
        'c',
      );
    }
    expect(agent.events).toHaveLength(MAX_QUEUED_EVENTS);
    expect(agents.take(agent)?.content).toEqual({ reason: '3' });
  });

  it('resets every agent to signed out with an empty queue', () => {
    const { agents, agent } = book();
    agents.signIn(agent, login, 'idle', 'c', 'sign-in');
    agents.emit(agent, signInEvents(4), 'c');
    agents.reset();
    const again = agents.get(agent.workNo)!;
    expect(again.state).toBe('signed-out');
    expect(again.events).toEqual([]);
  });

  it('changes records only through named operations: sign in, take and leave a call, sign out', () => {
    const { agents, agent, journal } = book();
    const signedIn = agents.signIn(agent, login, 'idle', 'c1', 'sign-in');
    expect(signedIn.login.phonenum).toBe('88000101');
    expect(() => agents.move(agents.get(102)!, 'idle', 'c')).toThrow(/before signing in/);
    agents.wishAfterCall(agent, { state: 'busy', reason: 7 });
    agents.takeCall(agent, '1-1', 'c2');
    expect(agent).toMatchObject({ state: 'ringing', callId: '1-1' });
    agents.leaveCall(agent, 'busy', 'c3', 'released', 7);
    expect(agent).toMatchObject({ state: 'busy', reason: 7 });
    expect(agent.callId).toBeUndefined();
    expect(agent.afterCall).toBeUndefined();
    agents.signOut(agent, 'c4', 'logout');
    expect(agent.state).toBe('signed-out');
    expect(agent.login).toBeUndefined();
    expect(
      journal.query({ kind: 'state' }).map((e) => (e.kind === 'state' ? `${e.from} → ${e.to}` : '')),
    ).toEqual(['signed-out → idle', 'idle → ringing', 'ringing → busy', 'busy → signed-out']);
  });
});
