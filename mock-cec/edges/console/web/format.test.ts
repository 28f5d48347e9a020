import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../../infrastructure/journal/journal.ts';
import {
  agentBadge,
  clockDateTime,
  clockTime,
  describeEntry,
  duration,
  entryTone,
  faultGates,
  faultTarget,
  ordinal,
} from './format.ts';
import type { FaultView } from './views.ts';

const at = Date.UTC(2026, 10, 25, 12, 3, 4, 5);
const base = { seq: 1, at, tenant: 'T', corr: 'c1' };

describe('clock text', () => {
  it('shows times on the tenant clock in the given zone', () => {
    expect(clockTime(at, 0)).toBe('12:03:04.005');
    expect(clockTime(at, 480)).toBe('20:03:04.005');
    expect(clockDateTime(at, -60)).toBe('2026-11-25 11:03:04');
  });

  it('words a duration in its two largest units', () => {
    expect(duration(0)).toBe('0 s');
    expect(duration(45_999)).toBe('45 s');
    expect(duration(600_000)).toBe('10 min');
    expect(duration(3_725_000)).toBe('1 h 2 min');
    expect(duration(90_000_000)).toBe('1 d 1 h');
  });
});

describe('describeEntry', () => {
  const cases: [JournalEntry, string][] = [
    [
      {
        ...base,
        kind: 'http',
        api: 'TokenByAkSk',
        method: 'POST',
        path: '/apigovernance/api/oauth/tokenByAkSk',
        status: 401,
        code: 'CEC.0401',
        ms: 0.4,
        fault: 'fault-1',
      },
      'TokenByAkSk  POST /apigovernance/api/oauth/tokenByAkSk → 401 CEC.0401 · 0.4 ms · fault fault-1',
    ],
    [
      { ...base, kind: 'http', api: 'QueryAgentInfo', method: 'GET', path: '/q', status: 0, ms: 1 },
      'QueryAgentInfo  GET /q → dropped · 1 ms',
    ],
    [
      {
        ...base,
        kind: 'sip',
        direction: 'in',
        transport: 'wss',
        remote: '127.0.0.1:5000',
        firstLine: 'REGISTER sip:cec SIP/2.0',
        agent: 101,
      },
      '← REGISTER sip:cec SIP/2.0 · wss 127.0.0.1:5000 · agent 101',
    ],
    [
      { ...base, kind: 'state', entity: 'agent', id: '101', from: 'idle', to: 'ringing', reason: 'offer' },
      'agent 101: idle → ringing (offer)',
    ],
    [{ ...base, kind: 'state', entity: 'tenant', id: 'T', to: 'created' }, 'tenant T: created'],
    [
      {
        ...base,
        kind: 'callback',
        url: 'https://x/v',
        outcome: 'refused',
        retCode: '1',
        reason: 'retCode 1',
        ms: 12,
      },
      'refused: retCode 1 · retCode "1" · 12 ms · https://x/v',
    ],
    [
      { ...base, kind: 'fault', rule: 'fault-2', action: 'status 500', target: 'GET /q' },
      'fault-2 → status 500 on GET /q',
    ],
    [{ ...base, kind: 'control', action: 'clock.advance', detail: '60000ms' }, 'clock.advance 60000ms'],
    [{ ...base, kind: 'media', callId: 'k', event: 'answered', detail: 'tone' }, 'call k: answered (tone)'],
    [
      { ...base, kind: 'event', workNo: '101', eventType: 'AgentEvent_Ringing' },
      'agent 101 ← AgentEvent_Ringing',
    ],
  ];
  it.each(cases)('words a %s entry on one line', (entry, text) => {
    expect(describeEntry(entry)).toBe(text);
  });

  it('marks failures and faults', () => {
    expect(entryTone(cases[0]![0])).toBe('warn');
    expect(entryTone(cases[1]![0])).toBe('bad');
    expect(entryTone({ ...base, kind: 'http', api: 'a', method: 'GET', path: '/', status: 200, ms: 1 })).toBe(
      undefined,
    );
    expect(entryTone(cases[5]![0])).toBe('bad');
    expect(
      entryTone({
        ...base,
        kind: 'sip',
        direction: 'out',
        transport: 'udp',
        remote: 'r',
        firstLine: 'SIP/2.0 486 Busy Here',
      }),
    ).toBe('warn');
    expect(entryTone(cases[3]![0])).toBe(undefined);
  });
});

describe('badges and fault rules', () => {
  it('names every agent state as an agent desk does', () => {
    expect(Object.values(agentBadge).map((b) => b.label)).toEqual([
      'Offline',
      'Ready',
      'Busy',
      'Rest',
      'Wrap-up',
      'Ringing',
      'Dialing',
      'Talking',
    ]);
  });

  const rule = (r: Partial<FaultView>): FaultView => ({
    id: 'f',
    on: 'http',
    action: { do: 'drop' },
    matched: 0,
    applied: 0,
    actionText: 'drop',
    ...r,
  });

  it('says what a rule matches and when it acts', () => {
    expect(faultTarget(rule({}))).toBe('any http request');
    expect(faultTarget(rule({ api: 'QueryAgentInfo', method: 'get', appKey: 'k' }))).toBe(
      'QueryAgentInfo GET app k',
    );
    expect(faultTarget(rule({ on: 'sip', sipMethod: 'REGISTER', agent: '88000101' }))).toBe(
      'sip REGISTER agent 88000101',
    );
    expect(faultGates(rule({}))).toBe('every time');
    expect(faultGates(rule({ nth: 2, times: 1, probability: 0.5, delayMs: 200 }))).toBe(
      '2nd only · at most 1× · p 0.5 · +200 ms',
    );
  });

  it('writes ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '101st',
      '111th',
    ]);
  });
});
