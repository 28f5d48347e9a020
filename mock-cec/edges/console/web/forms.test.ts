import { describe, expect, it } from 'vitest';
import { faultRuleSchema } from '../../../domain/faults/fault-rule.ts';
import { callFromFields, faultFromFields, faultFromJson, tenantFromFields } from './forms.ts';

describe('faultFromFields', () => {
  it('builds each action as the control API expects it', () => {
    const cases = [
      [
        { action: 'status', value: '503' },
        { do: 'status', status: 503 },
      ],
      [
        { action: 'retcode', value: '100-006' },
        { do: 'retcode', retcode: '100-006' },
      ],
      [
        { action: 'delay', value: '1500' },
        { do: 'delay', ms: 1500 },
      ],
      [{ action: 'drop', value: '' }, { do: 'drop' }],
      [{ action: 'expire-tokens' }, { do: 'expire-tokens' }],
      [{ action: 'malformed', value: 'ignored' }, { do: 'malformed' }],
    ] as const;
    for (const [fields, action] of cases) {
      const built = faultFromFields(fields, 'T');
      expect(built).toEqual({ ok: true, body: { tenant: 'T', action } });
      if (built.ok) expect(faultRuleSchema.safeParse(built.body).success).toBe(true);
    }
  });

  it('adds the API and the gates that were filled in, and nothing else', () => {
    expect(
      faultFromFields(
        { api: 'QueryAgentInfo', action: 'status', value: '500', nth: '2', times: ' ', probability: '0.25' },
        'T',
      ),
    ).toEqual({
      ok: true,
      body: {
        tenant: 'T',
        api: 'QueryAgentInfo',
        nth: 2,
        probability: 0.25,
        action: { do: 'status', status: 500 },
      },
    });
  });

  it('says what is missing or not a number', () => {
    expect(faultFromFields({ action: 'status', value: '' }, 'T')).toEqual({
      ok: false,
      message: 'HTTP status is needed for status',
    });
    expect(faultFromFields({ action: 'delay', value: 'soon' }, 'T')).toEqual({
      ok: false,
      message: 'Delay (ms) must be a number',
    });
    expect(faultFromFields({ action: 'drop', nth: 'two' }, 'T')).toEqual({
      ok: false,
      message: 'nth must be a number',
    });
    expect(faultFromFields({ action: 'explode' }, 'T')).toEqual({
      ok: false,
      message: 'unknown action "explode"',
    });
  });
});

describe('faultFromJson', () => {
  it('gives a rule without a tenant the picked one', () => {
    expect(JSON.parse(faultFromJson('{"action": {"do": "drop"}}', 'T'))).toEqual({
      tenant: 'T',
      action: { do: 'drop' },
    });
  });

  it('sends anything else exactly as pasted, for the server to judge', () => {
    for (const pasted of [
      '{"tenant": "U", "action": {"do": "drop"}}',
      '{not json',
      '[1]',
      '42',
      'null',
      '',
    ]) {
      expect(faultFromJson(pasted, 'T')).toBe(pasted);
    }
  });
});

describe('callFromFields', () => {
  it('sends only what was filled in, seconds as ms', () => {
    expect(
      callFromFields(
        {
          skillId: '2',
          from: '13912345678',
          answer: 'no-answer',
          source: 'echo',
          mode: 'one-way-in',
          hangupAfterSec: '1.5',
        },
        'T',
      ),
    ).toEqual({
      ok: true,
      body: {
        tenant: 'T',
        skillId: 2,
        from: '13912345678',
        behaviour: { answer: 'no-answer', hangupAfterMs: 1500, source: { kind: 'echo' }, mode: 'one-way-in' },
      },
    });
    expect(callFromFields({}, 'T')).toEqual({ ok: true, body: { tenant: 'T', behaviour: {} } });
    expect(callFromFields({ hangupAfterSec: 'x' }, 'T')).toEqual({
      ok: false,
      message: 'Hang up after must be a number',
    });
  });
});

describe('tenantFromFields', () => {
  it('sends the numbers given', () => {
    expect(tenantFromFields({ seed: '7', agents: '3', workNoStart: '' })).toEqual({
      ok: true,
      body: { seed: 7, agents: 3 },
    });
    expect(tenantFromFields({ seed: 'x' })).toEqual({ ok: false, message: 'Seed must be a number' });
  });
});
