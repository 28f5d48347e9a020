/**
 * The transfer body (docs/vendor/transfer-and-internal-calls.md, `POST
 * /voicecall/{agentid}/transfer`, cec_07_1242), parsed into what the agent
 * asked for. Every refusal is `000-002` naming the field. Numbers may come as
 * JSON numbers or strings of digits, and `holdflag` as `"true"`/`"false"`: the
 * vendor's own sample sends `"holdflag": "true"`. [choice]
 */

/** Where the call goes. */
export type TransferTarget =
  | { kind: 'skill'; skillId: number }
  | { kind: 'agent'; workNo: number }
  | { kind: 'ivr'; accessCode: string }
  | { kind: 'access-code'; accessCode: string }
  | { kind: 'outside'; number: string };

/**
 * How: `release` the agent lets go at once; `success` it lets go when the next
 * party answers; `suspend` to an IVR that hands the call back; `talk` the
 * outside number talks with the agent first; `three-way` all three talk, then
 * the agent lets go.
 */
export type TransferMode = 'release' | 'success' | 'suspend' | 'talk' | 'three-way';

export interface TransferRequest {
  target: TransferTarget;
  mode: TransferMode;
  callappdata?: string;
  /** The caller number an outside number sees (not for a release transfer). */
  caller?: string;
  mediaability: 0 | 1 | 2;
  holdflag: boolean;
}

export type BodyParse<T> = { ok: true; value: T } | { ok: false; retcode: '000-002'; message: string };

/** `callappdata` may hold at most 16k (cec_07_1242). */
export const CALL_APP_DATA_MAX = 16 * 1024;

/** The modes each devicetype allows, by the vendor's code (cec_07_1242). */
const MODES: Record<number, Record<number, TransferMode>> = {
  1: { 0: 'release', 2: 'success' },
  2: { 0: 'release', 2: 'success' },
  3: { 0: 'release', 1: 'suspend' },
  4: { 0: 'release', 2: 'success' },
  5: { 1: 'release', 2: 'success', 3: 'talk', 4: 'three-way' },
};

export const bad = <T>(message: string): BodyParse<T> => ({ ok: false, retcode: '000-002', message });

/** A JSON number or a string of digits as an integer; undefined when it is neither. */
export function intOf(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
}

export function jsonBody(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Optional `callappdata`: a string of at most 16k. */
export function appDataOf(value: unknown): { ok: true; value?: string } | { ok: false; message: string } {
  if (value === undefined || value === null) return { ok: true };
  if (typeof value !== 'string') return { ok: false, message: 'callappdata must be a string' };
  if (value.length > CALL_APP_DATA_MAX)
    return { ok: false, message: `callappdata is longer than ${CALL_APP_DATA_MAX} characters` };
  return { ok: true, value };
}

export function parseTransfer(text: string): BodyParse<TransferRequest> {
  const b = jsonBody(text);
  if (!b) return bad('The body must be a JSON object with devicetype, address and mode');
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
