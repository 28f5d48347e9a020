import { z } from 'zod';
import { faultRuleSchema } from '../../mock-cec/domain/faults/fault-rule.ts';
import { customerBehaviourSchema } from '../../mock-cec/infrastructure/config/customer-schema.ts';
import { agentIndex, customerName, duration, textMatcher } from './common-schema.ts';

/**
 * The actions of a scenario step: what an agent, a customer, the integration
 * or the test itself does. Each step holds exactly one (step-schema.ts).
 */
const agentOnly = z.object({ agent: agentIndex }).strict();

/** Log in at the integration's page; `result` is what the page must answer. */
const login = z
  .object({
    agent: agentIndex,
    password: z.string().optional().describe("The password typed (default: the demo user's)."),
    result: z.enum(['ok', 'refused', 'locked']).default('ok').describe('What the page must answer.'),
    times: z.number().int().min(1).max(50).default(1).describe('Try this many times (a brute-force attack).'),
  })
  .strict()
  .describe("Log in at the integration's page.");

const busy = z
  .object({
    agent: agentIndex,
    reason: z
      .number()
      .int()
      .min(200)
      .max(203)
      .optional()
      .describe('The bar offers 200 Not ready, 201 Meeting, 202 Training, 203 Paperwork.'),
  })
  .strict();

const answerOrHangup = z
  .object({
    agent: agentIndex,
    on: z
      .enum(['bar', 'phone'])
      .default('bar')
      .describe("The bar's button (default) or the agent's phone itself."),
  })
  .strict();

const hangup = z.union([
  answerOrHangup,
  z.object({ customer: customerName }).strict().describe('The customer hangs up its last call.'),
]);

const callOut = z
  .object({ agent: agentIndex, number: z.string().regex(/^[0-9*#]{1,24}$/, 'digits, * and # only') })
  .strict();

const call = z
  .object({
    customer: customerName,
    queue: z.number().int().min(1).optional().describe('The skill queue to call (default: the first).'),
    agent: agentIndex.optional().describe("Dial this agent's softphone directly, past the ACD."),
    behaviour: customerBehaviourSchema
      .partial()
      .optional()
      .describe("Overrides the customer's behaviour for this call."),
    callData: z
      .string()
      .max(16 * 1024)
      .optional()
      .describe(
        'Call-associated data, as an IVR in front of the queue collects it (an account number, a language).',
      ),
  })
  .strict()
  .refine(
    (c) => c.queue === undefined || c.agent === undefined,
    'a call goes to a queue or to an agent, not both',
  );

/** The final SIP status a refusal must have. */
const finalStatus = (example: string) =>
  z
    .number()
    .int()
    .min(300)
    .max(699)
    .optional()
    .describe(`The final status a refusal must have, e.g. ${example}.`);

const register = z
  .object({
    agent: agentIndex,
    password: z.string().optional().describe('The SIP password typed (default: the synced sipPwd).'),
    result: z.enum(['registered', 'refused']).default('registered'),
    status: finalStatus('401 or 503'),
  })
  .strict();

const dial = z
  .object({
    agent: agentIndex,
    number: z.string().regex(/^[0-9*#]{1,24}$/, 'digits, * and # only'),
    result: z
      .enum(['answered', 'refused'])
      .default('answered')
      .describe('What the call must come to: answered (talking), or refused with a final status.'),
    status: finalStatus('486 for a busy line'),
  })
  .strict();

const hold = z
  .object({
    agent: agentIndex,
    on: z.boolean().default(true).describe('true puts the call on hold, false takes it off.'),
    result: z.enum(['ok', 'refused']).default('ok'),
    status: finalStatus('488 from a customer who refuses re-INVITEs'),
  })
  .strict();

const barToggle = (what: string) =>
  z
    .object({
      agent: agentIndex,
      on: z.boolean().default(true).describe(`true ${what}, false undoes it.`),
    })
    .strict();

const pressKeys = z
  .object({
    agent: agentIndex,
    keys: z
      .string()
      .regex(/^[0-9*#A-D]{1,32}$/, 'DTMF keys: 0-9, *, #, A-D')
      .describe('The keys pressed, in order, e.g. "1234#".'),
    via: z
      .enum(['rfc4733', 'info'])
      .default('rfc4733')
      .describe('RFC 4733 telephone-event in the media (default), or one SIP INFO per key.'),
  })
  .strict();

const sync = z
  .object({
    result: z.enum(['ok', 'failed']).default('ok'),
    message: textMatcher
      .optional()
      .describe("What the integration says of the sync (its one line), e.g. 'refused app key'."),
  })
  .strict()
  .describe('The integration syncs the agents again (TokenByAkSk, QueryAgentInfo).');

/** Where a transfer or an internal call goes: another agent (by index), a skill queue, or an outside number. */
const transferTo = z.union([
  z.object({ agent: agentIndex }).strict().describe('Another agent of the scenario.'),
  z
    .object({ queue: z.number().int().min(1) })
    .strict()
    .describe('A skill queue: the ACD picks the agent.'),
  z
    .object({ number: z.string().regex(/^\d{1,24}$/, 'digits only') })
    .strict()
    .describe("An outside number: the tenant's customers table says how it behaves."),
  z
    .object({ ivr: z.string().regex(/^\d{1,24}$/, 'digits only') })
    .strict()
    .describe("An IVR flow by its access code (the tenant's ivr.flows)."),
  z
    .object({ accessCode: z.string().regex(/^\d{1,24}$/, 'digits only') })
    .strict()
    .describe("A system access code (the tenant's ivr.accessCodes): the call enters its skill queue."),
]);

const transfer = z
  .object({
    agent: agentIndex,
    to: transferTo,
    mode: z
      .enum(['release', 'success', 'talk', 'three-way', 'suspend'])
      .default('release')
      .describe(
        'release: let go at once; success: when the next agent answers; talk, three-way: outside numbers only; suspend: an IVR flow that hands the call back.',
      ),
  })
  .strict();

const disconnect = z
  .object({
    agent: agentIndex,
    release: z
      .union([
        z
          .object({ agent: agentIndex })
          .strict()
          .describe('Another agent of the scenario (a helper): its work number.'),
        z
          .object({ number: z.string().regex(/^\d{1,24}$/, 'digits only') })
          .strict()
          .describe("A number: an outside number, or the customer's."),
      ])
      .describe('Whom to release.'),
  })
  .strict();

const callInner = z
  .object({
    agent: agentIndex,
    to: z.union([
      z.object({ agent: agentIndex }).strict().describe('Another agent of the scenario (callinner).'),
      z
        .object({ queue: z.number().int().min(1) })
        .strict()
        .describe('A skill queue (callinnerskill).'),
    ]),
  })
  .strict();

const consult = z
  .object({
    agent: agentIndex,
    helper: agentIndex.describe('The agent to consult (its work number is typed into the bar).'),
  })
  .strict();

const nothing = z.union([z.literal(true), z.object({}).strict()]);

export const actionSchemas = {
  login,
  signIn: z
    .object({
      agent: agentIndex,
      skills: z
        .array(z.number().int().min(1))
        .optional()
        .describe("The skill queues to sign in to (typed into the bar's Skills; default: all configured)."),
    })
    .strict()
    .describe("Press the bar's Sign In."),
  signOut: agentOnly.describe("Press the bar's Sign Out."),
  ready: agentOnly.describe("Press the bar's Ready."),
  busy: busy.describe("Choose a reason and press the bar's Busy."),
  rest: agentOnly.describe("Press the bar's Rest."),
  work: agentOnly.describe("Press the bar's Wrap-up (during a call: after-call work when it ends)."),
  answer: answerOrHangup.describe('Answer the ringing call.'),
  hangup: hangup.describe('Hang up (an agent, from the bar or the phone; or a customer).'),
  callOut: callOut.describe("Call a number from the bar's Call Out."),
  transfer: transfer.describe(
    "Transfer the agent's call from the bar: to an agent, a skill queue or an outside number.",
  ),
  disconnect: disconnect.describe(
    "Release one number of the agent's call from the bar's Release Number (disconnect/{number}): a helper, an outside number, the customer.",
  ),
  callInner: callInner.describe(
    "Call another agent or a skill queue through the CEC from the bar's Internal call.",
  ),
  consult: consult.describe(
    'Consult another agent from the bar while the customer waits on hold (innerhelp).',
  ),
  threeParty: agentOnly.describe(
    "Press the bar's Three-Party: the consult becomes a three-party call (confjoin).",
  ),
  consultTransfer: agentOnly.describe(
    "Press the bar's Transfer to Helper: the agent leaves, the customer talks with the helper.",
  ),
  cancelConsult: agentOnly.describe("Press the bar's Back to Customer: the consult ends (dropcall)."),
  stopRecording: agentOnly.describe(
    "Press the bar's Stop recording (the platform stops recording the call).",
  ),
  call: call.describe('A customer calls a queue (the ACD picks the agent), or an agent directly.'),
  register: register.describe("Register the agent's OpenEye phone (again)."),
  dial: dial.describe("The agent's OpenEye phone calls a number itself, past the bar and the ACD."),
  hold: hold.describe("Hold the OpenEye phone's call (a re-INVITE)."),
  holdCall: barToggle('holds the call (the customer hears the hold tone)').describe(
    "Press the bar's Hold (on) or Take Back (off): the CEC holds the customer (a re-INVITE to the phone).",
  ),
  mute: barToggle('mutes the agent (the customer stops hearing it)').describe(
    "Press the bar's Mute (on) or Unmute (off).",
  ),
  pressKeys: pressKeys.describe("Press keys on the OpenEye phone's keypad during its call (DTMF)."),
  dropConnection: agentOnly.describe("Close the agent's phone's SIP WebSocket, as a failing network would."),
  advanceClock: duration.describe(
    "Move the tenant's clock forward (token expiry, ring timeouts, GUID expiry).",
  ),
  fault: faultRuleSchema
    .omit({ tenant: true })
    .describe('Add a fault rule for this tenant (mock-cec/domain/faults/fault-rule.ts).'),
  clearFaults: nothing.describe("Remove this tenant's fault rules."),
  sync,
} as const;

export type ActionName = keyof typeof actionSchemas;
export const actionNames = Object.keys(actionSchemas) as ActionName[];
