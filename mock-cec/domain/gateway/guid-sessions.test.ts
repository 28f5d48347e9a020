import { describe, expect, it } from 'vitest';
import { seededRng } from '../../infrastructure/primitives/rng.ts';
import { checkGuid, formatGuid, GuidSessions, presentedGuid } from './guid-sessions.ts';

const timing = { rotateMs: 60_000, ttlMs: 120_000 };

function sessions(seed = 1) {
  const rng = seededRng(seed);
  return new GuidSessions(
    () => timing,
    () => formatGuid(rng.hex(16)),
  );
}

describe('GUID sessions', () => {
  it('formats GUIDs like the vendor samples', () => {
    expect(formatGuid('0123456789abcdef0123456789abcdef')).toBe(
      '01234567-89ab-cdef-0123-456789abcdef.AgentGateway1',
    );
  });

  it('draws the same GUIDs from the same seed', () => {
    expect(sessions(3).open(101, 0).current.guid).toBe(sessions(3).open(101, 0).current.guid);
    expect(sessions(3).open(101, 0).current.guid).not.toBe(sessions(4).open(101, 0).current.guid);
  });

  it('accepts the GUID it issued, bare or with JSESSIONID=', () => {
    const s = sessions();
    const { guid } = s.open(101, 0).current;
    expect(s.check(101, guid, 1)).toEqual({ ok: true });
    expect(s.check(101, `JSESSIONID=${guid}`, 1)).toEqual({ ok: true });
  });

  it('tells missing, wrong and expired apart', () => {
    const s = sessions();
    const { guid } = s.open(101, 0).current;
    expect(s.check(101, undefined, 1)).toEqual({ ok: false, problem: 'missing' });
    expect(s.check(101, '  ', 1)).toEqual({ ok: false, problem: 'missing' });
    expect(s.check(101, 'nope', 1)).toEqual({ ok: false, problem: 'wrong' });
    expect(s.check(102, guid, 1)).toEqual({ ok: false, problem: 'wrong' });
    expect(s.check(101, guid, 119_999)).toEqual({ ok: true });
    expect(s.check(101, guid, 120_000)).toEqual({ ok: false, problem: 'expired' });
  });

  it('rotates on a poll once rotateMs has passed, and keeps the old GUID until its TTL', () => {
    const s = sessions();
    const first = s.open(101, 0).current.guid;
    expect(s.rotateIfDue(101, 59_999)).toBeUndefined();
    const second = s.rotateIfDue(101, 60_000);
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect(s.check(101, first, 100_000)).toEqual({ ok: true });
    expect(s.check(101, second, 100_000)).toEqual({ ok: true });
    expect(s.check(101, first, 120_000)).toEqual({ ok: false, problem: 'expired' });
    expect(s.check(101, second, 179_999)).toEqual({ ok: true });
    // A third rotation forgets the first GUID entirely.
    s.rotateIfDue(101, 120_000);
    expect(s.check(101, first, 120_001)).toEqual({ ok: false, problem: 'wrong' });
  });

  it('forgets a closed session', () => {
    const s = sessions();
    const { guid } = s.open(101, 0).current;
    s.close(101);
    expect(s.check(101, guid, 1)).toEqual({ ok: false, problem: 'wrong' });
  });

  it('checks a session directly', () => {
    const session = { workNo: 1, current: { guid: 'a', issuedAt: 0 } };
    expect(checkGuid(session, 'a', 5, timing)).toEqual({ ok: true });
    expect(presentedGuid(undefined)).toBeUndefined();
  });
});
