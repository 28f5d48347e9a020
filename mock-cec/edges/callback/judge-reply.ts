/**
 * How the CEC reads the third party's answer to the token callback
 * (docs/vendor/verification-api.md): success is `{"retCode": 0}` with the integer 0, and
 * nothing else. Pure: the HTTP exchange happens elsewhere.
 */
import { readJsonObject } from '../../infrastructure/primitives/json-object.ts';

export type CallbackJudgement =
  | { ok: true; reason: string; retCode: 0 }
  /** The third party answered properly and said no (a non-zero integer retCode). */
  | { ok: false; outcome: 'refused'; reason: string; retCode: number }
  /** The answer broke the contract: status, JSON, a retCode that is not an integer. */
  | { ok: false; outcome: 'failed'; reason: string; retCode?: unknown };

export interface Reply {
  status: number;
  body: string;
}

export function judgeReply(reply: Reply): CallbackJudgement {
  if (reply.status < 200 || reply.status > 299) {
    return { ok: false, outcome: 'failed', reason: `HTTP ${reply.status} from the verification API` };
  }
  const read = readJsonObject(reply.body);
  if (!read.ok) return { ok: false, outcome: 'failed', reason: `the answer is ${read.problem}` };
  const { retCode, message } = read.value;
  const said = typeof message === 'string' && message !== '' ? `: ${message}` : '';
  if (retCode === undefined) return { ok: false, outcome: 'failed', reason: 'the answer has no retCode' };
  if (typeof retCode === 'string') {
    return {
      ok: false,
      outcome: 'failed',
      retCode,
      reason: `retCode is the string ${JSON.stringify(retCode)}; it must be the integer 0`,
    };
  }
  if (typeof retCode !== 'number' || !Number.isInteger(retCode)) {
    return {
      ok: false,
      outcome: 'failed',
      retCode,
      reason: `retCode ${JSON.stringify(retCode)} is not an integer`,
    };
  }
  if (retCode !== 0) return { ok: false, outcome: 'refused', retCode, reason: `retCode ${retCode}${said}` };
  return { ok: true, retCode: 0, reason: `retCode 0${said}` };
}
