import type { GatewayRetcode } from '../../edges/api/vendor-errors.ts';

/**
 * What a gateway operation returns: success with the vendor's `result` (and a
 * GUID to send as Set-GUID), or one of the vendor's retcodes. The route writes
 * the envelope; nothing here knows about HTTP.
 */
export type OpResult =
  | {
      ok: true;
      result?: unknown;
      /** Fields that replace `result` at the top of the envelope (the poll's `event`). */
      envelope?: Record<string, unknown>;
      setGuid?: string;
      note?: string;
    }
  | { ok: false; retcode: Exclude<GatewayRetcode, '0'>; message?: string };

export const done = (result?: unknown, note?: string): OpResult => ({ ok: true, result, note });

export const refuse = (retcode: Exclude<GatewayRetcode, '0'>, message?: string): OpResult => ({
  ok: false,
  retcode,
  message,
});
