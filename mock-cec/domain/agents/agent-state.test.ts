import { describe, expect, it } from 'vitest';
import { moveCall } from '../acd/call-state.ts';
import { type AgentState, inCall, moveAgent, vendorStateCode } from './agent-state.ts';

describe('the agent machine', () => {
  it("uses the vendor's state codes", () => {
    expect(vendorStateCode).toMatchObject({
      'signed-out': 2,
      busy: 3,
      idle: 4,
      work: 5,
      talking: 7,
      rest: 8,
    });
  });

  it('allows the moves of the diagram', () => {
    const legal: [AgentState, AgentState][] = [
      ['signed-out', 'idle'],
      ['signed-out', 'busy'],
      ['signed-out', 'work'],
      ['idle', 'ringing'],
      ['busy', 'ringing'],
      ['ringing', 'talking'],
      ['ringing', 'dialing'],
      ['ringing', 'busy'],
      ['dialing', 'talking'],
      ['talking', 'work'],
      ['talking', 'idle'],
      ['talking', 'signed-out'],
      ['rest', 'idle'],
    ];
    for (const [from, to] of legal) expect(moveAgent(from, to), `${from} → ${to}`).toEqual({ ok: true, to });
  });

  it('refuses the moves it does not draw, with a typed error', () => {
    const illegal: [AgentState, AgentState][] = [
      ['signed-out', 'talking'],
      ['signed-out', 'ringing'],
      ['signed-out', 'rest'],
      ['signed-out', 'signed-out'],
      ['idle', 'talking'],
      ['idle', 'dialing'],
      ['talking', 'ringing'],
      ['talking', 'dialing'],
      ['dialing', 'ringing'],
    ];
    for (const [from, to] of illegal) {
      expect(moveAgent(from, to), `${from} → ${to}`).toEqual({
        ok: false,
        error: { code: 'illegal-agent-move', from, to },
      });
    }
  });

  it('knows which states are in a call', () => {
    expect(['ringing', 'dialing', 'talking'].every((s) => inCall(s as AgentState))).toBe(true);
    expect(['idle', 'busy', 'rest', 'work', 'signed-out'].some((s) => inCall(s as AgentState))).toBe(false);
  });
});

describe('the call machine', () => {
  it('follows inbound and outbound calls and refuses the rest', () => {
    expect(moveCall('queued', 'offering').ok).toBe(true);
    expect(moveCall('offering', 'queued').ok).toBe(true);
    expect(moveCall('offering', 'dialing').ok).toBe(true);
    expect(moveCall('dialing', 'talking').ok).toBe(true);
    expect(moveCall('talking', 'ended').ok).toBe(true);
    expect(moveCall('queued', 'talking')).toEqual({
      ok: false,
      error: { code: 'illegal-call-move', from: 'queued', to: 'talking' },
    });
    expect(moveCall('ended', 'queued').ok).toBe(false);
    expect(moveCall('talking', 'dialing').ok).toBe(false);
  });

  it('lets a release transfer offer a connected call again, or queue it again (docs/vendor/transfer-and-internal-calls.md)', () => {
    expect(moveCall('talking', 'offering').ok).toBe(true);
    expect(moveCall('talking', 'queued').ok).toBe(true);
  });
});
