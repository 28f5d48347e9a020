/**
 * The console's only door into the simulator: the control API's typed client
 * (control-client.ts), whose calls answer values. Failures carry the control
 * API's `{error: {code, message}}`, so that each panel can show them as they are.
 */
export { control, settle as call } from './control-client.ts';

export type ApiResult<T> =
  | { ok: true; value: T }
  | { ok: false; status: number; code: string; message: string };

/** One line for an alert: "conflict: app key … is already used". */
export const problem = (r: { code: string; message: string }) => `${r.code}: ${r.message}`;
