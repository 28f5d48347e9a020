import type { StepArgs, StepName } from './step-schema.ts';
import type { ScenarioWorld } from './world.ts';

/** How a step went: passed (with a fact worth showing), or failed with the reason a reader needs. */
export type StepVerdict = { ok: true; note?: string } | { ok: false; message: string };

export interface StepContext {
  world: ScenarioWorld;
  /** The step's time budget (ms): every wait inside it uses this. */
  timeout: number;
}

export type StepHandler<K extends StepName> = (args: StepArgs<K>, ctx: StepContext) => Promise<StepVerdict>;

export const pass = (note?: string): StepVerdict => ({ ok: true, note });
export const fail = (message: string): StepVerdict => ({ ok: false, message });
