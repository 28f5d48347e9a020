/**
 * The internal-call bodies (docs/vendor/transfer-and-internal-calls.md):
 * `PUT /voicecall/{agentid}/callinner` `{called, caller?, skillid?,
 * callappdata?, mediaability?}` (cec_07_1235) and `.../callinnerskill`
 * `{skillId}` (cec_07_0370). Refusals are `000-002` naming the field.
 */
import type { JsonObjectRead } from '../../infrastructure/primitives/json-object.ts';
import { appDataOf, type BodyParse, bad, intOf } from './body-fields.ts';

export interface CallInnerRequest {
  /** The called agent's workNo. */
  called: number;
  callappdata?: string;
}

export function parseCallInner(read: JsonObjectRead): BodyParse<CallInnerRequest> {
  if (!read.ok) return bad('The body must be a JSON object with called');
  const b = read.value;
  // The vendor allows 1-24 digits, * or #; a workNo is 3 to 6 digits, anything else names no agent.
  if (typeof b.called !== 'string' || !/^[0-9*#]{1,24}$/.test(b.called)) {
    return bad("called is required: the called agent's workNo");
  }
  if (!/^\d{3,6}$/.test(b.called)) return bad(`called ${b.called} is not an agent's workNo`);
  if (
    b.caller !== undefined &&
    b.caller !== null &&
    (typeof b.caller !== 'string' || !/^\d{0,24}$/.test(b.caller))
  ) {
    return bad('caller must be 0 to 24 digits');
  }
  if (b.skillid !== undefined && b.skillid !== null && b.skillid !== '' && intOf(b.skillid) === undefined) {
    return bad('skillid must be a number');
  }
  // mediaability has no effect on an internal call (cec_07_1235): any number is taken and ignored.
  if (b.mediaability !== undefined && b.mediaability !== null && intOf(b.mediaability) === undefined) {
    return bad('mediaability must be a number');
  }
  const appData = appDataOf(b.callappdata);
  if (!appData.ok) return bad(appData.message);
  return {
    ok: true,
    value: {
      called: Number(b.called),
      ...(appData.value !== undefined ? { callappdata: appData.value } : {}),
    },
  };
}

export function parseCallInnerSkill(read: JsonObjectRead): BodyParse<{ skillId: number }> {
  if (!read.ok) return bad('The body must be a JSON object with skillId');
  const b = read.value;
  const skillId = intOf(b.skillId);
  if (skillId === undefined || skillId < 1) return bad('skillId is required: the called skill id');
  return { ok: true, value: { skillId } };
}
