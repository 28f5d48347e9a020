/**
 * `mock-cec/control`: the control API (`/__mock/`) from a test or a script.
 * `controlClient` is the one typed client derived from the route records
 * (client.ts); `Cec` is the harness's actor over it (a tenant's calls, faults,
 * journal and clock in a few words).
 */
export { Cec, type CecOptions, type JournalSource } from '../../harness/actors/cec.ts';
export type * from '../../harness/actors/control-types.ts';
export * from './client.ts';
