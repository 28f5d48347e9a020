/**
 * The bodies of consult (`innerhelp`) and three-party (`confjoin`)
 * (docs/vendor/consult-and-conference.md), parsed into what the agent asked
 * for. Numbers may come as strings, as the vendor's own samples send them.
 */
import { jsonObject } from './gateway-route.ts';

/** 16 k characters of call data at most (cec_07_1236, cec_07_1245). */
export const CALL_APP_DATA_MAX = 16 * 1024;

export interface InnerHelpRequest {
  /** The helper: an agent's workNo, or a skill queue id. */
  dstaddress: string;
  /** 1 a skill queue, 2 an agent. */
  devicetype: 1 | 2;
  /** 1 two-party help (the customer held), 2 three-party help. */
  mode: 1 | 2;
  callappdata?: string;
  holdflag: boolean;
}

export interface ConfJoinRequest {
  /** The held call's callid. */
  callid: string;
  callappdata?: string;
}

export type BodyParse<T> = { ok: true; value: T } | { ok: false; retcode: '000-002'; message: string };

const bad = (message: string) => ({ ok: false, retcode: '000-002', message }) as const;

function oneOrTwo(value: unknown, fallback: 1 | 2): 1 | 2 | undefined {
  if (value === undefined || value === null || value === '') return fallback;
  if (value === 1 || value === '1') return 1;
  if (value === 2 || value === '2') return 2;
  return undefined;
}

function appData(value: unknown): { ok: true; value?: string } | { ok: false } {
  if (value === undefined || value === null) return { ok: true };
  if (typeof value !== 'string' || value.length > CALL_APP_DATA_MAX) return { ok: false };
  return { ok: true, value };
}

export function parseInnerHelp(text: string): BodyParse<InnerHelpRequest> {
  const b = jsonObject(text);
  if (!b) return bad('The body must be a JSON object with dstaddress');
  const dst = typeof b.dstaddress === 'number' ? String(b.dstaddress) : b.dstaddress;
  if (typeof dst !== 'string' || !/^\d{1,24}$/.test(dst)) {
    return bad("dstaddress is required: an agent's work number or a skill queue id (digits)");
  }
  const devicetype = oneOrTwo(b.devicetype, 2);
  if (devicetype === undefined) return bad('devicetype must be 1 (skill queue) or 2 (agent)');
  const mode = oneOrTwo(b.mode, 1);
  if (mode === undefined) return bad('mode must be 1 (two-party help) or 2 (three-party help)');
  const data = appData(b.callappdata);
  if (!data.ok) return bad(`callappdata must be a string of at most ${CALL_APP_DATA_MAX} characters`);
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

export function parseConfJoin(text: string): BodyParse<ConfJoinRequest> {
  const b = jsonObject(text);
  if (!b) return bad('The body must be a JSON object with callid');
  if (typeof b.callid !== 'string' || b.callid.trim() === '') {
    return bad('callid is required: the callid of the held call');
  }
  const data = appData(b.callappdata);
  if (!data.ok) return bad(`callappdata must be a string of at most ${CALL_APP_DATA_MAX} characters`);
  return {
    ok: true,
    value: { callid: b.callid.trim(), ...(data.value !== undefined ? { callappdata: data.value } : {}) },
  };
}
