import { describe, expect, it } from 'vitest';
import { DESK_EVENTS, eventOf, SUBSCRIBABLE_EVENTS, updateFor } from './agent-events.ts';

describe('what the desk shows for bar events', () => {
  it('follows a typical inbound call (docs/vendor/agent-events.md)', () => {
    const sequence = [
      'AgentState_Ready',
      'AgentOther_PhoneAlerting',
      'AgentState_Busy',
      'AgentEvent_Talking',
      'AgentEvent_Call_Release',
      'AgentEvent_Customer_Release',
      'AgentState_Work',
      'AgentState_Ready',
    ];
    let state = 'Offline';
    let notice: string | null = null;
    const seen: [string, string | null][] = [];
    for (const eventType of sequence) {
      const u = updateFor({ eventType, workNo: '101', content: null });
      state = u.state ?? state;
      if (u.notice !== undefined) notice = u.notice;
      seen.push([state, notice]);
    }
    expect(seen).toEqual([
      ['Ready', null],
      ['Ringing', 'Incoming call: the phone is ringing.'],
      ['Busy', 'Incoming call: the phone is ringing.'],
      ['Talking', null],
      ['Talking', null],
      ['Talking', null],
      ['Wrap-up', null],
      ['Ready', null],
    ]);
  });

  it('names the caller when the ringing event carries one', () => {
    expect(
      updateFor({ eventType: 'AgentEvent_Ringing', content: { caller: '5551234', callid: '1' } }),
    ).toEqual({
      state: 'Ringing',
      notice: 'Incoming call from 5551234.',
    });
  });

  it('names the caller of an auto-answered call too', () => {
    const content = { caller: '5551234', callid: '1-1', mediaType: 5 };
    expect(updateFor({ eventType: 'AgentEvent_Auto_Answer', content }).notice).toBe(
      'Incoming call from 5551234.',
    );
  });

  it("reads Customer_Alerting's vendor shape {callid, otherPhoneWorkno, otherPhone, type}", () => {
    const content = { callid: '1-1', otherPhoneWorkno: '', otherPhone: '70092', type: 'main' };
    expect(updateFor({ eventType: 'AgentEvent_Customer_Alerting', content })).toEqual({
      notice: 'Calling 70092…',
    });
  });

  it('shows Offline on AgentOther_ShutdownService, which the desk subscribes to', () => {
    expect(DESK_EVENTS).toContain('AgentOther_ShutdownService');
    expect(updateFor({ eventType: 'AgentOther_ShutdownService', content: { loginTime: '1' } }).state).toBe(
      'Offline',
    );
  });

  it('has something to show for every event the desk subscribes to', () => {
    for (const eventType of [...SUBSCRIBABLE_EVENTS, ...DESK_EVENTS]) {
      expect(updateFor({ eventType })).not.toEqual({});
    }
  });

  it('reads message.event only when it has the documented shape', () => {
    expect(
      eventOf({ event: { eventType: 'AgentState_Ready', workNo: '101', content: null } })?.eventType,
    ).toBe('AgentState_Ready');
    for (const m of [null, 'x', {}, { event: 'AgentState_Ready' }, { event: { eventType: 7 } }]) {
      expect(eventOf(m)).toBeUndefined();
    }
  });
});
