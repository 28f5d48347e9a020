/**
 * The `setcalldataex` body `{callid?, calldata?, isDataEncoded?}` (cec_07_1263), read at the edge
 * into the text to store, or why the body is refused. With isDataEncoded true calldata must be
 * base64 and is stored decoded. An absent calldata clears the data. [choice: the vendor is silent on absence]
 */
import { CALL_DATA_MAX_BYTES } from '../../domain/acd/call-data.ts';
import type { JsonObjectRead } from '../../infrastructure/primitives/json-object.ts';

export type SetCallData = { callid?: string; data: string };

export function parseSetCallData(read: JsonObjectRead): SetCallData | { problem: string } {
  if (!read.ok) return { problem: 'The body must be a JSON object {callid?, calldata?, isDataEncoded?}' };
  const { callid, calldata, isDataEncoded } = read.value;
  if (callid !== undefined && (typeof callid !== 'string' || callid === ''))
    return { problem: 'callid must be a non-empty string' };
  if (calldata !== undefined && typeof calldata !== 'string') return { problem: 'calldata must be a string' };
  if (isDataEncoded !== undefined && typeof isDataEncoded !== 'boolean')
    return { problem: 'isDataEncoded must be true or false' };
  let data = calldata ?? '';
  if (isDataEncoded === true) {
    if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(data))
      return { problem: 'calldata is not base64, but isDataEncoded is true' };
    data = Buffer.from(data, 'base64').toString('utf8');
  }
  if (Buffer.byteLength(data, 'utf8') > CALL_DATA_MAX_BYTES)
    return { problem: `calldata is longer than ${CALL_DATA_MAX_BYTES} bytes` };
  return { callid, data };
}
