export { describeEntry } from './describe-entry.ts';
export {
  type EntryPattern,
  type FieldMatcher,
  formatPattern,
  type Mismatch,
  matches,
  mismatches,
} from './entry-pattern.ts';
export { type LineError, type NdjsonResult, parseNdjson } from './read-ndjson.ts';
export {
  findSequence,
  type NearMiss,
  type SequenceFound,
  type SequenceMissing,
  type SequenceOptions,
  type SequenceResult,
} from './sequence.ts';
export type { StepMark } from './step-mark.ts';
export { toContainSequence } from './to-contain-sequence.ts';
