/**
 * `mock-cec/scenario`: scenario files (parse, run, replay) and ladder
 * diagrams of a journal, for code that drives scenarios itself; the
 * `mock-cec scenario` and `mock-cec ladder` commands use the same.
 */
export type { JournalEntry } from '../../mock-cec/infrastructure/journal/journal.ts';
export { type LineError, type NdjsonResult, parseNdjson } from '../journal/read-ndjson.ts';
export { type LadderOptions, renderLadder } from '../report/ladder.ts';
export { scenarioJsonSchema, scenarioJsonSchemaText } from '../scenario/json-schema.ts';
export {
  type ParsedScenario,
  parseScenario,
  type ScenarioFile,
  type ScenarioProblem,
  scenarioFromSource,
} from '../scenario/parse-scenario.ts';
export { type RecordedRun, recordedRuns } from '../scenario/record.ts';
export { type Rebuilt, rebuildScenario, replayFileText } from '../scenario/replay.ts';
export {
  ladderOf,
  type ProgressEvent,
  type RunnerOptions,
  runScenario,
  type ScenarioRun,
  type StepResult,
} from '../scenario/run-scenario.ts';
export type { Scenario, ScenarioInput } from '../scenario/scenario-schema.ts';
export { ScenarioSession } from '../scenario/session.ts';
