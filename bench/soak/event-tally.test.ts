import { expect, it } from 'vitest';
import { EventTally } from './event-tally.ts';

const event = (eventType: string, eventGenTime: number) => ({
  eventType,
  workNo: '101',
  content: null,
  eventGenTime,
});

it('keeps every delay, counts the types, and gives each window its own percentiles', () => {
  const t = new EventTally();
  t.event(event('AgentState_Ready', 1_000), 1_004);
  t.event(event('AgentEvent_Ringing', 2_000), 2_010);
  expect(t.window()).toEqual({ events: 2, p50: 4, p99: 10 });
  t.event(event('AgentState_Ready', 3_000), 3_002);
  expect(t.window()).toEqual({ events: 1, p50: 2, p99: 2 });
  expect(t.window()).toMatchObject({ events: 0, p50: Number.NaN });
  expect(t.delays).toEqual([4, 10, 2]);
  expect(t.types).toEqual({ AgentState_Ready: 2, AgentEvent_Ringing: 1 });
});

it('groups problems that differ only by their numbers', () => {
  const t = new EventTally();
  t.problem(
    'poll: fetch failed (Connect Timeout Error (attempted address: 127.0.0.1:43211, timeout: 10000ms))',
  );
  t.problem(
    'poll: fetch failed (Connect Timeout Error (attempted address: 127.0.0.1:43211, timeout: 10000ms))',
  );
  t.problem('answer: 200 retcode 200-002 There is no ringing call to answer');
  t.problem('sampling rounds that took over 5 s', 3);
  expect(t.problems).toEqual({
    'poll: fetch failed (Connect Timeout Error (attempted address: N.N.N.N:N, timeout: Nms))': 2,
    'answer: N retcode N-N There is no ringing call to answer': 1,
    'sampling rounds that took over N s': 3,
  });
});
