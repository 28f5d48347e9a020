import { z } from 'zod';
import { DESK_EVENTS } from '../../integration/web/client/agent-events.ts';
import { journalKinds } from '../../mock-cec/infrastructure/journal/journal.ts';
import { AUDIO_FLOWS } from '../actors/audio-verdict.ts';
import { agentIndex, customerName, regexError, since, textMatcher } from './common-schema.ts';

/**
 * The expectations of a scenario step: what must be seen, waited for up to
 * the step's timeout (never a sleep), failing at once when the outcome is
 * decided otherwise. Each step holds exactly one (step-schema.ts).
 */

/** The events the reference desk subscribes to (docs/vendor/ccbarclient.md): the only ones its callback sees. */
const pageEvent = z.enum(DESK_EVENTS, {
  error: (iss) =>
    `${JSON.stringify(iss.input)} never reaches the page's callback: the desk subscribes to ${DESK_EVENTS.join(', ')} (use expectJournal for the others)`,
});

const expectEvent = z
  .object({
    agent: agentIndex,
    event: pageEvent.optional().describe('One event the page must receive.'),
    events: z
      .array(pageEvent)
      .min(1)
      .optional()
      .describe('Events the page must receive in this order (others may come between).'),
  })
  .strict()
  .refine((e) => (e.event === undefined) !== (e.events === undefined), 'give event or events, not both');

const barStates = [
  'Offline',
  'Ready',
  'Busy',
  'Rest',
  'Wrap-up',
  'Ringing',
  'Calling',
  'Talking',
  'Consulting',
] as const;
const cecStates = ['signed-out', 'idle', 'busy', 'rest', 'work', 'ringing', 'dialing', 'talking'] as const;

const expectState = z
  .object({
    agent: agentIndex,
    is: z
      .string()
      .min(1)
      .describe(
        `On the bar: ${barStates.join(', ')}. On the CEC: ${cecStates.join(', ')}. On the page: its own words.`,
      ),
    on: z
      .enum(['bar', 'page', 'cec'])
      .default('bar')
      .describe("The bar's status line (default), the page's agent state, or the simulator's agent state."),
  })
  .strict()
  .superRefine((e, ctx) => {
    const allowed: readonly string[] | undefined =
      e.on === 'bar' ? barStates : e.on === 'cec' ? cecStates : undefined;
    if (allowed && !allowed.includes(e.is))
      ctx.addIssue({
        code: 'custom',
        path: ['is'],
        message: `on the ${e.on}, a state is one of ${allowed.join(', ')}`,
      });
  });

const expectPhone = z
  .object({
    agent: agentIndex,
    registration: z.enum(['registered', 'refused', 'unregistered', 'disconnected']).optional(),
    call: z.enum(['idle', 'ringing', 'talking']).optional(),
    for: z
      .number()
      .positive()
      .max(60)
      .optional()
      .describe(
        'Seconds the phone must then stay so: an absence proved over time (e.g. call: idle, for: 2 — no call rings in those 2 s), not a look that passes at once.',
      ),
  })
  .strict()
  .refine((e) => e.registration !== undefined || e.call !== undefined, 'give registration, call, or both');

/** Exactly how many matching entries there must be (0: none). */
const count = z
  .number()
  .int()
  .min(0)
  .max(1000)
  .optional()
  .describe(
    'Exactly this many matching entries (0: none), counted once that many are there: after an action that has finished (a sync), to catch retries.',
  );

const expectSip = z
  .object({
    response: z
      .number()
      .int()
      .min(100)
      .max(699)
      .optional()
      .describe('A response with this status, e.g. 486.'),
    request: z
      .string()
      .regex(/^[A-Z]+$/)
      .optional()
      .describe('A request with this method, e.g. INVITE.'),
    method: z
      .string()
      .regex(/^[A-Z]+$/)
      .optional()
      .describe("A response's CSeq method, e.g. REGISTER."),
    agent: agentIndex.optional().describe('About this agent.'),
    direction: z.enum(['in', 'out']).optional().describe('in: to the simulator; out: from it.'),
    count,
    since,
  })
  .strict()
  .refine((e) => (e.response === undefined) !== (e.request === undefined), 'give response or request');

const expectAudio = z
  .object({
    agent: agentIndex,
    is: z
      .enum(AUDIO_FLOWS)
      .describe(
        'both, in (the agent hears only), out (only the customer hears), silent (packets of silence), none.',
      ),
  })
  .strict();

/** A party of the call: the customer, an agent by its index, an outside number (a talk or three-way transfer) or an IVR flow. */
const callParty = z.union([
  z.literal('customer'),
  agentIndex,
  z
    .object({ outside: z.string().regex(/^\d{1,24}$/, 'digits only') })
    .strict()
    .describe('An outside number the call was transferred to (its party in the mixer).'),
  z
    .object({ ivr: z.string().regex(/^\d{1,24}$/, 'digits only') })
    .strict()
    .describe('An IVR flow the call was transferred to, by its access code (its party in the mixer).'),
]);

const partyKey = (p: z.infer<typeof callParty>) =>
  typeof p !== 'object' ? String(p) : 'outside' in p ? `outside ${p.outside}` : `ivr ${p.ivr}`;

const expectHearing = z
  .object({
    agent: agentIndex
      .optional()
      .describe("Whose call: the agent's current call (the asking agent's, in a consult)."),
    customer: customerName
      .optional()
      .describe("Or the customer's last call (after a transfer to an outside number, no agent has it)."),
    who: callParty.describe(
      'The listener: customer, an agent index, {outside: number} or {ivr: access code}.',
    ),
    hears: z
      .array(callParty)
      .default([])
      .describe(
        "Parties whose audio must reach the listener: rising in the customer's mixer and on the phone.",
      ),
    notHears: z
      .array(callParty)
      .default([])
      .describe(
        "Parties whose audio must not reach the listener: nothing carried over 25 of the mixer's frames (half a second), or a second when nothing else flows.",
      ),
  })
  .strict()
  .refine((e) => (e.agent === undefined) !== (e.customer === undefined), 'give agent or customer (one)')
  .refine((e) => e.hears.length + e.notHears.length > 0, 'give hears, notHears, or both')
  .refine(
    (e) => ![...e.hears, ...e.notHears].some((p) => partyKey(p) === partyKey(e.who)),
    'a party does not hear itself: leave who out of hears and notHears',
  );

const expectDigits = z
  .object({
    agent: agentIndex,
    digits: z
      .string()
      .regex(/^[0-9*#A-D]{1,64}$/, 'DTMF keys: 0-9, *, #, A-D')
      .describe('All the keys the customer received on the call so far, in order, e.g. "1234#".'),
  })
  .strict();

const expectRecording = z
  .object({
    agent: agentIndex.describe("The agent's current or last call."),
    state: z
      .enum(['recording', 'stopped'])
      .optional()
      .describe('Whether the platform still records the call, or stopped (stoprecord, the call ended).'),
    heard: z
      .enum(['sound', 'silence'])
      .optional()
      .describe(
        'What the WAV of what the customer heard holds, fetched through the control API (sound: above −40 dBFS).',
      ),
    minMs: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('The least audio the WAV of what the customer heard holds.'),
    bar: z
      .boolean()
      .optional()
      .describe("Whether the bar's Recording indicator (and its Stop recording button) shows."),
  })
  .strict();

/** A journal entry pattern: field values exact, or /…/ regular expressions (harness/journal/entry-pattern.ts). */
const entryPattern = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
  .superRefine((p, ctx) => {
    if (p.kind !== undefined && !journalKinds.includes(p.kind as (typeof journalKinds)[number]))
      ctx.addIssue({ code: 'custom', path: ['kind'], message: `a journal kind: ${journalKinds.join(', ')}` });
    for (const [field, value] of Object.entries(p)) {
      const error = typeof value === 'string' ? regexError(value) : undefined;
      if (error) ctx.addIssue({ code: 'custom', path: [field], message: error });
    }
  });

const expectJournal = z
  .object({
    sequence: z
      .array(entryPattern)
      .min(1)
      .describe('Entries that must appear in this order (others may come between).'),
    since,
  })
  .strict();

const expectHttp = z
  .object({
    api: z
      .string()
      .min(1)
      .describe('The vendor API, e.g. TokenByAkSk, QueryAgentInfo, onlineagent.signIn, ccbarclient.'),
    status: z.number().int().min(0).max(599).optional().describe('0 for a dropped connection.'),
    code: z.string().optional().describe("The vendor's code: a retcode such as 100-006, an error_code."),
    count,
    since,
  })
  .strict();

const expectMessage = z
  .object({
    agent: agentIndex,
    text: textMatcher,
    where: z
      .enum(['page', 'bar'])
      .default('page')
      .describe('Anywhere on the integration page (default), or in the bar.'),
  })
  .strict();

const expectCall = z
  .object({
    customer: customerName.optional().describe("The customer's last call."),
    agent: agentIndex
      .optional()
      .describe("The agent's current or last call; with customer, the agent it must be with."),
    state: z.enum(['queued', 'offering', 'dialing', 'talking', 'ended']),
    endReason: z
      .enum([
        'agent-hangup',
        'customer-hangup',
        'abandoned',
        'queue-full',
        'busy',
        'no-answer',
        'unreachable',
        'signed-out',
        'failed',
        'transferred-out',
        'rejected',
        'reset',
      ])
      .optional(),
    offers: z.number().int().min(0).optional().describe('How many times the call was offered to an agent.'),
  })
  .strict()
  .refine((e) => e.customer !== undefined || e.agent !== undefined, 'give customer, agent, or both');

const expectCard = z
  .object({
    agent: agentIndex,
    shows: textMatcher.describe("Text the card must show: the customer's name, an IVR value…"),
  })
  .strict()
  .describe("The customer's card the integration pops on the desk page (a CRM's screen pop), shown now.");

const expectCallLog = z
  .object({
    agent: agentIndex,
    customer: customerName
      .optional()
      .describe("The customer whose number the logged call has (actors' from)."),
    disposition: z.enum(['answered', 'missed']).describe('How the call ended for the agent.'),
    minTalkSeconds: z.number().int().min(0).optional().describe('At least this many seconds of talk.'),
    name: textMatcher.optional().describe("The CRM customer's name the log names."),
  })
  .strict()
  .describe("A finished call in the reference integration's call log (its SQLite database).");

const expectBar = z
  .object({ agent: agentIndex, is: z.enum(['loaded', 'refused', 'failed', 'unreachable']) })
  .strict()
  .describe('How loading the bar went, as the page says (after the token callback).');

export const expectationSchemas = {
  expectEvent: expectEvent.describe(
    "Events the page's callback receives (after those earlier expectEvent steps matched).",
  ),
  expectState: expectState.describe("The agent's state."),
  expectPhone: expectPhone.describe("The agent's phone: its registration, its call."),
  expectSip: expectSip.describe('A SIP message in the journal.'),
  expectAudio: expectAudio.describe(
    "Audio on the agent's call, judged from WebRTC stats and the customer's counters.",
  ),
  expectHearing: expectHearing.describe(
    "Who hears whom in a consult or three-party call: from the customer's mixer's books and the agents' phones.",
  ),
  expectDigits: expectDigits.describe(
    "The DTMF keys the customer on the agent's call received (RFC 4733 or SIP INFO), as an IVR would.",
  ),
  expectJournal: expectJournal.describe('Journal entries in order.'),
  expectHttp: expectHttp.describe('An HTTP exchange in the journal: status and vendor code.'),
  expectMessage: expectMessage.describe('Text the agent sees.'),
  expectCall: expectCall.describe("A call's state in the CEC."),
  expectRecording: expectRecording.describe(
    "The recording of the agent's call: its state, the audio the customer heard, the bar's indicator.",
  ),
  expectBar: expectBar,
  expectCard,
  expectCallLog,
} as const;

export type ExpectationName = keyof typeof expectationSchemas;
export const expectationNames = Object.keys(expectationSchemas) as ExpectationName[];
