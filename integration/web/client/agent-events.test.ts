import { describe, expect, it } from 'vitest';
import { eventOf, SUBSCRIBABLE_EVENTS, updateFor } from './agent-events.ts';

describe('what the desk shows for bar events', () => {
  it('follows a typical inbound call (vendor-api.md §5)', () => {
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

  it('has something to show for every subscribable event', () => {
    for (const eventType of SUBSCRIBABLE_EVENTS) expect(updateFor({ eventType })).not.toEqual({});
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
