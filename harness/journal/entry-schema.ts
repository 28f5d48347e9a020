import { z } from 'zod';
import type { JournalEntry } from '../../mock-cec/infrastructure/journal/journal.ts';

/**
 * The journal entry types of mock-cec/infrastructure/journal/journal.ts as a schema, to check
 * journals read from files (NDJSON exports, recorded runs). Fields the types do
 * not know are kept (loose objects): a newer simulator may add some.
 */
const base = {
  seq: z.number().int().nonnegative(),
  at: z.number(),
  tenant: z.string().optional(),
  corr: z.string(),
};
const text = z.string();
const optionalText = z.string().optional();

export const journalEntrySchema = z.discriminatedUnion('kind', [
  z.looseObject({
    ...base,
    kind: z.literal('http'),
    api: text,
    method: text,
    path: text,
    status: z.number().int(),
    code: optionalText,
    ms: z.number(),
    remote: optionalText,
    note: optionalText,
    fault: optionalText,
  }),
  z.looseObject({
    ...base,
    kind: z.literal('sip'),
    direction: z.enum(['in', 'out']),
    transport: text,
    remote: text,
    firstLine: text,
    callId: optionalText,
    cseq: optionalText,
    agent: z.number().int().optional(),
    note: optionalText,
    fault: optionalText,
  }),
  z.looseObject({
    ...base,
    kind: z.literal('state'),
    entity: z.enum(['agent', 'call', 'party', 'registration', 'token', 'tenant', 'session']),
    id: text,
    from: optionalText,
    to: text,
    reason: optionalText,
  }),
  z.looseObject({
    ...base,
    kind: z.literal('callback'),
    url: text,
    outcome: z.enum(['accepted', 'refused', 'failed']),
    retCode: z.unknown().optional(),
    reason: text,
    ms: z.number(),
  }),
  z.looseObject({ ...base, kind: z.literal('fault'), rule: text, action: text, target: text }),
  z.looseObject({ ...base, kind: z.literal('control'), action: text, detail: optionalText }),
  z.looseObject({ ...base, kind: z.literal('media'), callId: text, event: text, detail: optionalText }),
  z.looseObject({ ...base, kind: z.literal('event'), workNo: text, eventType: text }),
]);

// The schema must stay in step with the journal's types: this fails to compile when they part.
const parsedIsEntry = (e: z.output<typeof journalEntrySchema>): JournalEntry => e;
void parsedIsEntry;
