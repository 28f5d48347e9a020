/**
 * `mock-cec/control`: the control API (`/__mock/`) from a test or a script.
 * `controlClient` is the one typed client derived from the route records
 * (mock-cec/edges/control/client.ts); `Cec` is the harness's actor over it (a
 * tenant's calls, faults, journal and clock in a few words). The export lives
 * in the harness because `Cec` does: mock-cec itself never imports the harness
 * (docs/architecture.md, "Layering").
 */

export * from '../../mock-cec/edges/control/client.ts';
export { Cec, type CecOptions, type JournalSource } from '../actors/cec.ts';
export type * from '../actors/control-types.ts';
