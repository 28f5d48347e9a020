import { jsonResponse, type VendorGroup, type VendorResponse } from './route.ts';

/**
 * The one table of vendor errors.
 *
 * API Fabric (TokenByAkSk) and CC-Management answer errors as plain HTTP
 * statuses (docs/vendor/authentication.md, docs/vendor/cc-management.md); the bodies are not documented, so the
 * simulator answers `{"error_code", "error_msg"}` with the codes below. [choice]
 *
 * The agent gateway answers `{"message", "retcode"}` with the vendor's retcodes
 * (docs/vendor/agent-gateway.md). [doc]
 */

export const httpErrorCodes: Record<number, { code: string; message: string }> = {
  400: { code: 'CEC.0400', message: 'Bad request' },
  401: { code: 'CEC.0401', message: 'Unauthorized' },
  403: { code: 'CEC.0403', message: 'Forbidden' },
  404: { code: 'CEC.0404', message: 'Not found' },
  405: { code: 'CEC.0405', message: 'Method not allowed' },
  413: { code: 'CEC.0413', message: 'Request body too large' },
  429: { code: 'CEC.0429', message: 'Too many requests' },
  500: { code: 'CEC.0500', message: 'Internal error' },
  502: { code: 'CEC.0502', message: 'Bad gateway' },
  503: { code: 'CEC.0503', message: 'Service unavailable' },
  504: { code: 'CEC.0504', message: 'Gateway timeout' },
};

export function httpError(status: number, message?: string): VendorResponse {
  const known = httpErrorCodes[status] ?? { code: `CEC.0${status}`, message: 'Error' };
  return jsonResponse(
    status,
    { error_code: known.code, error_msg: message ?? known.message },
    { code: known.code },
  );
}

/** Agent-gateway retcodes and the vendor's meaning of each (docs/vendor/agent-gateway.md). */
export const gatewayRetcodes = {
  '0': 'success',
  '000-002': 'The URL or the parameters are invalid',
  '000-003': 'No permission: the guid is missing, wrong or expired',
  '000-007': 'The previous request has not been answered yet',
  '100-001': 'Sign-in parameters are empty or invalid',
  '100-002': 'The agent has already signed in',
  '100-004': 'The user name or password is incorrect',
  '100-006': 'The agent has not signed in',
  '100-007': 'Internal error',
  '100-008': 'The agent has already signed out',
  '100-010': 'The agent cannot sign out in its current state',
  '100-013': 'The phone number is invalid',
  '100-014': 'The phone number is out of range',
  '100-021': 'The agent is signing in already',
  '110-016': 'The account is locked',
  '200-002': 'Call error',
  '200-012': 'There is no call to transfer',
  // confjoin lists these two without their meanings (cec_07_1245); what each stands for is the simulator's choice.
  '200-010': 'There is no consult to join',
  '200-011': 'The callid is not the held call',
  // disconnect lists these two (cec_07_1248); its text gives the second for a held party, "not in the last call".
  '200-023': 'The number is not a party of the call',
  '200-024': 'The number is not in the last call',
} as const;

export type GatewayRetcode = keyof typeof gatewayRetcodes;

export function gatewayResult(retcode: string, result?: unknown, message?: string): VendorResponse {
  const known = (gatewayRetcodes as Record<string, string>)[retcode];
  const body: Record<string, unknown> = { message: message ?? known ?? 'error', retcode };
  if (result !== undefined) body.result = result;
  return jsonResponse(200, body, { code: retcode });
}

export const apiFabricGroup: VendorGroup = { name: 'API Fabric', error: httpError };
export const ccManagementGroup: VendorGroup = { name: 'CC-Management', error: httpError };
export const agentGatewayGroup: VendorGroup = {
  name: 'Agent gateway',
  // The gateway answers failures in its envelope; an HTTP status fault keeps the envelope with the internal-error code.
  error: (status, message) => ({ ...gatewayResult('100-007', undefined, message), status }),
  retcode: (retcode, message) => gatewayResult(retcode, undefined, message),
};

/**
 * The connection bar's script and frame (docs/vendor/ccbarclient.md) answer in plain
 * text. When the token callback fails the CEC answers 500 with exactly this
 * text, the vendor's spelling included. [doc] Other failures: [choice]
 */
export const THIRD_PARTY_FAILED = 'thridParty validate failed and the errorMessage is null';

export function textResponse(
  status: number,
  text: string,
  headers: Record<string, string> = {},
): VendorResponse {
  return {
    status,
    headers: { 'content-type': 'text/plain;charset=UTF-8', ...headers },
    body: text,
    code: String(status),
  };
}

export const ccbarGroup: VendorGroup = {
  name: 'Connection bar',
  error: (status, message) => textResponse(status, message ?? httpErrorCodes[status]?.message ?? 'Error'),
};
