/**
 * What the voicecall bodies share (transfer, callinner, innerhelp, confjoin): a parse is the
 * value or the vendor's 000-002 naming the field; numbers may come as JSON numbers or strings of
 * digits, as the vendor's own samples send them. [choice]
 */

export type BodyParse<T> = { ok: true; value: T } | { ok: false; retcode: '000-002'; message: string };

/** `callappdata` may hold at most 16k (transfer cec_07_1242, callinner cec_07_1235, innerhelp cec_07_1236, confjoin cec_07_1245). */
export const CALL_APP_DATA_MAX = 16 * 1024;

export const bad = <T>(message: string): BodyParse<T> => ({ ok: false, retcode: '000-002', message });

/** A JSON number or a string of digits as an integer; undefined when it is neither. */
export function intOf(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
}

/** Optional `callappdata`: a string of at most 16k. */
export function appDataOf(value: unknown): { ok: true; value?: string } | { ok: false; message: string } {
  if (value === undefined || value === null) return { ok: true };
  if (typeof value !== 'string') return { ok: false, message: 'callappdata must be a string' };
  if (value.length > CALL_APP_DATA_MAX)
    return { ok: false, message: `callappdata is longer than ${CALL_APP_DATA_MAX} characters` };
  return { ok: true, value };
}
