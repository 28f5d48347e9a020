import { z } from 'zod';
import { type ActionName, actionNames, actionSchemas } from './action-schema.ts';
import { duration } from './common-schema.ts';
import { type ExpectationName, expectationNames, expectationSchemas } from './expectation-schema.ts';

/**
 * A scenario step: exactly one action or expectation, keyed by its name,
 * with an optional timeout and a name for reports:
 *
 *   - signIn: { agent: 0 }
 *   - expectState: { agent: 0, is: Ready }
 *     timeout: 3s
 */
const stepSchemas = { ...actionSchemas, ...expectationSchemas };
type StepSchemas = typeof stepSchemas;
export type StepName = ActionName | ExpectationName;
export const stepNames: readonly StepName[] = [...actionNames, ...expectationNames];

export type StepArgs<K extends StepName> = z.output<StepSchemas[K]>;

export type Step = {
  [K in StepName]: {
    kind: K;
    args: StepArgs<K>;
    /** How long the step may take (ms). */
    timeout?: number;
    /** A label for progress lines and reports. */
    name?: string;
  };
}[StepName];

export function isAction(step: Step): boolean {
  return (actionNames as readonly string[]).includes(step.kind);
}

const optionalShape = Object.fromEntries(
  Object.entries(stepSchemas).map(([name, schema]) => [name, schema.optional()]),
) as { [K in StepName]: z.ZodOptional<StepSchemas[K]> };

export const stepSchema = z
  .object({
    ...optionalShape,
    timeout: duration.optional().describe('How long this step may take (default 5s; a login 10s).'),
    name: z.string().min(1).max(200).optional().describe('A label for progress lines and reports.'),
  })
  .strict()
  .superRefine((step, ctx) => {
    const kinds = stepNames.filter((k) => step[k] !== undefined);
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message:
          kinds.length === 0
            ? `a step needs one action or expectation: ${stepNames.join(', ')}`
            : `a step holds exactly one action or expectation; this one has ${kinds.join(' and ')} (make them two steps)`,
      });
    }
  })
  .transform((step): Step => {
    const kind = stepNames.find((k) => step[k] !== undefined)!;
    return { kind, args: step[kind], timeout: step.timeout, name: step.name } as Step;
  });
