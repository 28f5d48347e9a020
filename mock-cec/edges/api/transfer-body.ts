/**
 * The transfer body (docs/vendor/transfer-and-internal-calls.md, `POST
 * /voicecall/{agentid}/transfer`, cec_07_1242), parsed into what the agent
 * asked for. Every refusal is `000-002` naming the field. Numbers may come as
 * JSON numbers or strings of digits, and `holdflag` as `"true"`/`"false"`: the
 * vendor's own sample sends `"holdflag": "true"`. [choice]
 */

import type { TransferMode, TransferRequest, TransferTarget } from '../../domain/gateway/transfer-request.ts';
import type { JsonObjectRead } from '../../infrastructure/primitives/json-object.ts';
import { appDataOf, type BodyParse, bad, intOf } from './body-fields.ts';

/** The modes each devicetype allows, by the vendor's code (cec_07_1242). */
const MODES: Record<number, Record<number, TransferMode>> = {
  1: { 0: 'release', 2: 'success' },
  2: { 0: 'release', 2: 'success' },
  3: { 0: 'release', 1: 'suspend' },
  4: { 0: 'release', 2: 'success' },
  5: { 1: 'release', 2: 'success', 3: 'talk', 4: 'three-way' },
};

export function parseTransfer(read: JsonObjectRead): BodyParse<TransferRequest> {
  if (!read.ok) return bad('The body must be a JSON object with devicetype, address and mode');
  const b = read.value;
  const devicetype = intOf(b.devicetype);
  const modes = devicetype === undefined ? undefined : MODES[devicetype];
  if (!modes) return bad('devicetype must be 1 (skill), 2 (agent), 3 (IVR), 4 (access code) or 5 (number)');
  if (typeof b.address !== 'string' || !/^\d{1,24}$/.test(b.address)) {
    return bad('address is required: 1 to 24 digits');
  }
  const code = intOf(b.mode);
  const mode = code === undefined ? undefined : modes[code];
  if (!mode) {
    const allowed = Object.entries(modes)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    return bad(`mode for devicetype ${devicetype} must be one of: ${allowed}`);
  }
  const appData = appDataOf(b.callappdata);
  if (!appData.ok) return bad(appData.message);
  if (
    b.caller !== undefined &&
    b.caller !== null &&
    (typeof b.caller !== 'string' || !/^\d{0,24}$/.test(b.caller))
  ) {
    return bad('caller must be 0 to 24 digits');
  }
  const media = b.mediaability === undefined || b.mediaability === null ? 0 : intOf(b.mediaability);
  if (media !== 0 && media !== 1 && media !== 2) return bad('mediaability must be 0, 1 or 2');
  const hold = b.holdflag ?? true;
  if (hold !== true && hold !== false && hold !== 'true' && hold !== 'false') {
    return bad('holdflag must be true or false');
  }
  const address = b.address;
  const target: TransferTarget =
    devicetype === 1
      ? { kind: 'skill', skillId: Number(address) }
      : devicetype === 2
        ? { kind: 'agent', workNo: Number(address) }
        : devicetype === 3
          ? { kind: 'ivr', accessCode: address }
          : devicetype === 4
            ? { kind: 'access-code', accessCode: address }
            : { kind: 'outside', number: address };
  return {
    ok: true,
    value: {
      target,
      mode,
      ...(appData.value !== undefined ? { callappdata: appData.value } : {}),
      // A release transfer cannot carry a caller number (cec_07_1242).
      ...(typeof b.caller === 'string' && b.caller !== '' && mode !== 'release' ? { caller: b.caller } : {}),
      mediaability: media,
      holdflag: hold === true || hold === 'true',
    },
  };
}
