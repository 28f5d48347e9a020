import { describe, expect, it } from 'vitest';
import { judgeReply } from './judge-reply.ts';

const json = (value: unknown, status = 200) => ({ status, body: JSON.stringify(value) });

describe('judgeReply', () => {
  it('accepts only the integer 0', () => {
    expect(judgeReply(json({ retCode: 0, message: 'validate success' }))).toEqual({
      ok: true,
      retCode: 0,
      reason: 'retCode 0: validate success',
    });
  });

  it('reads a non-zero integer as a refusal', () => {
    expect(judgeReply(json({ retCode: 1, message: 'token expired' }))).toEqual({
      ok: false,
      outcome: 'refused',
      retCode: 1,
      reason: 'retCode 1: token expired',
    });
  });

  it('fails a retCode that is a string, a float, null or missing', () => {
    expect(judgeReply(json({ retCode: '0' }))).toMatchObject({
      ok: false,
      outcome: 'failed',
      retCode: '0',
      reason: 'retCode is the string "0"; it must be the integer 0',
    });
    expect(judgeReply(json({ retCode: 0.5 }))).toMatchObject({ outcome: 'failed' });
    expect(judgeReply(json({ retCode: null }))).toMatchObject({ outcome: 'failed' });
    expect(judgeReply(json({ message: 'ok' }))).toMatchObject({ reason: 'the answer has no retCode' });
  });

  it('fails non-JSON, non-objects and non-2xx statuses', () => {
    expect(judgeReply({ status: 200, body: '<html>' })).toMatchObject({ reason: 'the answer is not JSON' });
    expect(judgeReply(json([0]))).toMatchObject({ reason: 'the answer is not a JSON object' });
    expect(judgeReply(json({ retCode: 0 }, 500))).toMatchObject({
      reason: 'HTTP 500 from the verification API',
    });
  });
});
