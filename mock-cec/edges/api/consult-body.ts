/**
 * The bodies of consult (`innerhelp`) and three-party (`confjoin`)
 * (docs/vendor/consult-and-conference.md), parsed into what the agent asked
 * for. Numbers may come as strings, as the vendor's own samples send them.
 */

import type { ConfJoinRequest, InnerHelpRequest } from '../../domain/gateway/consult-request.ts';
import type { JsonObjectRead } from '../../infrastructure/primitives/json-object.ts';
import { appDataOf, type BodyParse, bad } from './body-fields.ts';

function oneOrTwo(value: unknown, fallback: 1 | 2): 1 | 2 | undefined {
  if (value === undefined || value === null || value === '') return fallback;
  if (value === 1 || value === '1') return 1;
  if (value === 2 || value === '2') return 2;
  return undefined;
}

export function parseInnerHelp(read: JsonObjectRead): BodyParse<InnerHelpRequest> {
  if (!read.ok) return bad('The body must be a JSON object with dstaddress');
  const b = read.value;
  const dst = typeof b.dstaddress === 'number' ? String(b.dstaddress) : b.dstaddress;
  if (typeof dst !== 'string' || !/^\d{1,24}$/.test(dst)) {
    return bad("dstaddress is required: an agent's work number or a skill queue id (digits)");
  }
  const devicetype = oneOrTwo(b.devicetype, 2);
  if (devicetype === undefined) return bad('devicetype must be 1 (skill queue) or 2 (agent)');
  const mode = oneOrTwo(b.mode, 1);
  if (mode === undefined) return bad('mode must be 1 (two-party help) or 2 (three-party help)');
  const data = appDataOf(b.callappdata);
  if (!data.ok) return bad(data.message);
  const hold = b.holdflag;
  if (
    hold !== undefined &&
    hold !== null &&
    typeof hold !== 'boolean' &&
    hold !== 'true' &&
    hold !== 'false'
  ) {
    return bad('holdflag must be true or false');
  }
  return {
    ok: true,
    value: {
      dstaddress: dst,
      devicetype,
      mode,
      ...(data.value !== undefined ? { callappdata: data.value } : {}),
      holdflag: hold !== false && hold !== 'false',
    },
  };
}

export function parseConfJoin(read: JsonObjectRead): BodyParse<ConfJoinRequest> {
  if (!read.ok) return bad('The body must be a JSON object with callid');
  const b = read.value;
  if (typeof b.callid !== 'string' || b.callid.trim() === '') {
    return bad('callid is required: the callid of the held call');
  }
  const data = appDataOf(b.callappdata);
  if (!data.ok) return bad(data.message);
  return {
    ok: true,
    value: { callid: b.callid.trim(), ...(data.value !== undefined ? { callappdata: data.value } : {}) },
  };
}
