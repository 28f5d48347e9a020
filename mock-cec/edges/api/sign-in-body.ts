/**
 * The sign-in body (docs/vendor/agent-gateway.md, `PUT /onlineagent/{agentid}`), read at
 * the edge into what the agent chose, the typed value the desk takes. The vendor's own sample sends flags and numbers
 * as strings (`"status": "4"`, `"releasephone": "false"`), so both forms are
 * accepted. Fields the simulator does not model (ip, phonelinkage,
 * checkInMailm, vcPhoneNumber, listenStatus) are ignored.
 */

import type { SignInInput } from '../../domain/gateway/sign-in-request.ts';
import type { JsonObjectRead } from '../../infrastructure/primitives/json-object.ts';

const bad = (message: string): SignInInput => ({ ok: false, retcode: '100-001', message });

function flag(value: unknown, fallback: boolean): boolean | undefined {
  if (value === undefined || value === null) return fallback;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

function int(value: unknown, fallback: number): number | undefined {
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
}

export function parseSignIn(body: JsonObjectRead): SignInInput {
  if (!body.ok) return bad('The body must be a JSON object with password and phonenum');
  const b = body.value;
  // The password is mandatory but may be empty (max 32 characters). [doc]
  if (typeof b.password !== 'string' || b.password.length > 32) return bad('password must be a string');
  if (b.phonenum !== undefined && typeof b.phonenum !== 'string') return bad('phonenum must be a string');
  if (b.phonenum === '') return bad('phonenum is empty');
  const autoanswer = flag(b.autoanswer, true);
  const autoenteridle = flag(b.autoenteridle, true);
  const releasephone = flag(b.releasephone, true);
  // checkInWebm defaults to true (cec_07_1202), so a plain sign-in answers mediatype "TTF".
  const checkInWebm = flag(b.checkInWebm, true);
  if (autoanswer === undefined || autoenteridle === undefined || releasephone === undefined) {
    return bad('autoanswer, autoenteridle and releasephone must be true or false');
  }
  const status = int(b.status, 4);
  if (status !== 3 && status !== 4 && status !== 5)
    return bad('status must be 3 (busy), 4 (idle) or 5 (work)');
  const agenttype = int(b.agenttype, 4);
  if (agenttype !== 4 && agenttype !== 11) return bad('agenttype must be 4 (PC + phone) or 11');
  if (b.serviceToken !== undefined && b.callBackUri !== undefined) {
    return {
      ok: false,
      retcode: '000-002',
      message: 'Push mode (serviceToken and callBackUri) is not simulated: sign in without them and poll',
    };
  }
  return {
    ok: true,
    value: {
      password: b.password,
      phonenum: b.phonenum,
      autoanswer,
      autoenteridle,
      releasephone,
      agenttype,
      status,
      checkInWebm: checkInWebm ?? true,
    },
  };
}
