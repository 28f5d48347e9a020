export type { StepMark } from '../journal/step-mark.ts';
export { type LadderOptions, renderLadder } from './ladder.ts';
