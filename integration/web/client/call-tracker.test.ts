import { describe, expect, it } from 'vitest';
import { reportFor } from './call-tracker.ts';

describe('what the desk reports for the screen pop and the call log', () => {
  it('reports an inbound call offered, answered and ended', () => {
    const offered = { caller: '13900001111', called: '10086', callid: '1700-3', feature: '0' };
    expect(reportFor({ eventType: 'AgentEvent_Ringing', content: offered })).toEqual({
      step: 'offered',
      callid: '1700-3',
      number: '13900001111',
    });
    expect(reportFor({ eventType: 'AgentEvent_Auto_Answer', content: offered })).toMatchObject({
      step: 'offered',
    });
    expect(reportFor({ eventType: 'AgentEvent_Talking', content: { callid: '1700-3' } })).toEqual({
      step: 'answered',
      callid: '1700-3',
    });
    expect(reportFor({ eventType: 'AgentEvent_Call_Release', content: '1700-3' })).toEqual({
      step: 'ended',
      callid: '1700-3',
    });
    expect(reportFor({ eventType: 'AgentEvent_No_Answer', content: '1700-3' })).toMatchObject({
      step: 'ended',
    });
  });

  it('names the called number for a Call Out, and ignores other events and odd contents', () => {
    const out = { caller: '88000101', called: '5550100', callid: '1700-4', feature: '7' };
    expect(reportFor({ eventType: 'AgentEvent_Ringing', content: out })).toMatchObject({ number: '5550100' });
    expect(reportFor({ eventType: 'AgentOther_PhoneAlerting', content: null })).toBeUndefined();
    expect(
      reportFor({ eventType: 'AgentEvent_Ringing', content: { callid: 'x', caller: '1' } }),
    ).toBeUndefined();
    expect(reportFor({ eventType: 'AgentEvent_Call_Release', content: { callid: '1-1' } })).toBeUndefined();
  });
});
