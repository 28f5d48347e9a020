/**
 * `mock-cec/control`: the typed client of the control API (`/__mock/`).
 * The one entry point of the package export: whichever module implements the
 * client, this file is what `mock-cec/control` gives.
 */
export { Cec, type CecOptions, type JournalSource } from '../../harness/actors/cec.ts';
export { ControlApiError, ControlHttp, type ControlHttpOptions } from '../../harness/actors/control-http.ts';
export type * from '../../harness/actors/control-types.ts';
