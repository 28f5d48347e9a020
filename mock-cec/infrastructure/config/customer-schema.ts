import { z } from 'zod';
import type { CustomerBehaviour } from '../../domain/calls/customer-calls.ts';

/**
 * The simulated customers of a tenant: numbers an agent can call, each with a
 * behaviour (CustomerBehaviour in calls/customer-calls.ts). The magic numbers
 * below exist in every tenant unless the tenant file redefines them. [choice]
 * 555-01xx numbers are reserved for fiction, so they never reach a real phone.
 */
export const mediaSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('tone'), frequencyHz: z.number().min(20).max(4000).optional() }).strict(),
  z.object({ kind: z.literal('echo') }).strict(),
  z.object({ kind: z.literal('silence') }).strict(),
  z.object({ kind: z.literal('file'), path: z.string().min(1) }).strict(),
]);

export const customerBehaviourSchema = z
  .object({
    answer: z.enum(['answer', 'busy', 'no-answer']).default('answer'),
    answerAfterMs: z.number().int().min(0).max(600_000).optional(),
    hangupAfterMs: z.number().int().min(0).max(86_400_000).optional(),
    source: mediaSourceSchema.default({ kind: 'tone' }),
    mode: z.enum(['both', 'one-way-in', 'one-way-out', 'silent']).default('both'),
  })
  .strict();

export const magicNumbers = {
  /** Answers at once and plays a 440 Hz tone. */
  '5550100': { answer: 'answer', source: { kind: 'tone', frequencyHz: 440 }, mode: 'both' },
  /** Answers at once and echoes what it hears. */
  '5550101': { answer: 'answer', source: { kind: 'echo' }, mode: 'both' },
  /** Busy: 486 Busy Here. */
  '5550102': { answer: 'busy', source: { kind: 'silence' }, mode: 'both' },
  /** Rings and never answers. */
  '5550103': { answer: 'no-answer', source: { kind: 'silence' }, mode: 'both' },
  /** Answers with a tone and hangs up after 5 seconds. */
  '5550104': {
    answer: 'answer',
    hangupAfterMs: 5000,
    source: { kind: 'tone', frequencyHz: 440 },
    mode: 'both',
  },
  /** Answers and sends packets of silence ("packets but no sound"). */
  '5550105': { answer: 'answer', source: { kind: 'tone' }, mode: 'silent' },
  /** Answers with a tone but hears nothing (one-way audio). */
  '5550106': { answer: 'answer', source: { kind: 'tone' }, mode: 'one-way-out' },
} as const satisfies Record<string, CustomerBehaviour>;

export const customersSchema = z
  .record(z.string().regex(/^[0-9*#+]{1,32}$/, 'digits, * # + only'), customerBehaviourSchema)
  .default({})
  // Typed as the shared contract, so the compiler checks that the schema's output fits it.
  .transform((given): Record<string, CustomerBehaviour> => ({ ...magicNumbers, ...given }));
