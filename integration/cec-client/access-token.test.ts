import { describe, expect, it } from 'vitest';
import { parseTokenResponse } from './access-token.ts';

const body = (o: Record<string, unknown> = {}) =>
  JSON.stringify({
    AccessToken: 'abc',
    ApplyType: 'Bearer',
    CreateTime: '1767225600',
    Expires: '600',
    Scope: 'default',
    AppKey: 'app',
    UserID: 'Anonymous',
    ...o,
  });

describe('parseTokenResponse', () => {
  it('expires CreateTime + Expires later, renewing a minute before', () => {
    const sentAt = 1_767_225_600_500;
    const r = parseTokenResponse(body(), sentAt);
    expect(r).toEqual({
      ok: true,
      token: { value: 'abc', appKey: 'app', expiresAt: 1_767_226_200_000, renewAt: 1_767_226_140_000 },
    });
  });

  it('does not trust a CEC clock that runs ahead of ours', () => {
    const sentAt = 1_767_225_000_000; // 600 s before the CEC's CreateTime
    const r = parseTokenResponse(body(), sentAt);
    expect(r.ok && r.token.expiresAt).toBe(sentAt + 600_000);
  });

  it.each([
    [{ Expires: 600 }, 'Expires is missing or not a string'],
    [{ CreateTime: '2026-01-01' }, 'CreateTime is not epoch seconds'],
    [{ Expires: '0' }, 'Expires is not a positive number of seconds'],
    [{ ApplyType: 'bearer' }, 'ApplyType is not "Bearer"'],
    [{ AccessToken: '' }, 'AccessToken is empty'],
    [{ UserID: undefined }, 'UserID is missing or not a string'],
  ])('refuses %j', (change, detail) => {
    expect(parseTokenResponse(body(change), 0)).toEqual({ ok: false, detail });
  });
});
