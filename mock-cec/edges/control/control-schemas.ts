/**
 * The control API's request and response shapes as zod schemas: the route
 * records (control-routes.ts) take them, so that the server validates what it
 * is sent, checks what it answers (in tests), describes both in
 * /__mock/openapi.json, and gives the typed client its types.
 */
import { z } from 'zod';
import { CALL_DATA_MAX_BYTES } from '../../domain/acd/call-data.ts';
import type { CallEndReason, CallState } from '../../domain/acd/call-state.ts';
import { defaultInboundBehaviour } from '../../domain/acd/customer-directory.ts';
import type { AgentState } from '../../domain/agents/agent-state.ts';
import type { LegEndReason } from '../../domain/calls/customer-calls.ts';
import { faultActionSchema, faultRuleSchema } from '../../domain/faults/fault-rule.ts';
import { customerBehaviourSchema } from '../../infrastructure/config/customer-schema.ts';
import { tenantSchema } from '../../infrastructure/config/tenant-schema.ts';
import { type JournalKind, journalKinds } from '../../infrastructure/journal/journal.ts';
import type { MediaFlavour } from '../../telephony/media/media-engine.ts';
import type { LegState } from '../../telephony/sip/customer/leg-state.ts';

// ── requests ──────────────────────────────────────────────────────────────

export const newTenantSchema = z
  .object({
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .optional(),
    agents: z.number().int().min(1).max(5000).optional(),
    workNoStart: z.number().int().min(101).max(999_000).optional(),
    /** A whole tenant instead of a generated one. */
    tenant: z.unknown().optional(),
  })
  .strict();

/** A note a test or the scenario runner writes into the journal (step marks, so a recorded run can be replayed). */
export const markSchema = z
  .object({
    tenant: z.string().min(1).optional(),
    action: z
      .string()
      .regex(/^[a-z][a-z0-9.-]{0,63}$/, 'lower-case words joined by . or -, e.g. scenario.step'),
    detail: z
      .string()
      .max(256 * 1024)
      .optional(),
  })
  .strict();

export const advanceSchema = z
  .object({
    advanceMs: z
      .number()
      .int()
      .min(0)
      .max(366 * 24 * 3600 * 1000),
  })
  .strict();

const legacyBehaviourSchema = z
  .object({
    answer: z.enum(['answer', 'busy', 'no-answer']).default('answer'),
    answerAfterMs: z.number().int().min(0).max(600_000).optional(),
    hangupAfterMs: z.number().int().min(0).max(86_400_000).optional(),
    source: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('tone'), frequencyHz: z.number().min(20).max(8000).optional() }),
        z.object({ kind: z.literal('echo') }),
        z.object({ kind: z.literal('silence') }),
        z.object({ kind: z.literal('file'), path: z.string().min(1) }),
      ])
      .default(defaultInboundBehaviour.source),
    mode: z.enum(['both', 'one-way-in', 'one-way-out', 'silent']).default('both'),
  })
  .strict();

export const newCallSchema = z
  .object({
    tenant: z.string().min(1),
    skillId: z.number().int().min(1).optional(),
    /** The customer's number (caller ID). [choice: default 13800138000] */
    from: z
      .string()
      .regex(/^[0-9*#+]{1,24}$/)
      .default('13800138000'),
    /** The access code the customer dialled. [choice: default 10000] */
    to: z
      .string()
      .regex(/^[0-9*#+]{1,24}$/)
      .default('10000'),
    behaviour: legacyBehaviourSchema.prefault({}),
    /**
     * Call-associated data, as an IVR in front of the queue collects it (an account number, a
     * language): the agent reads it with the gateway's calldata APIs. At most 16 KB (cec_07_1263).
     */
    callData: z
      .string()
      .refine((s) => Buffer.byteLength(s, 'utf8') <= CALL_DATA_MAX_BYTES, 'at most 16 KB (UTF-8)')
      .default(''),
  })
  .strict();

export const dialSchema = z
  .object({
    tenant: z.string().min(1),
    /** The customer's number (caller ID). */
    from: z
      .string()
      .regex(/^[0-9*#+]{1,32}$/, 'digits, * # + only')
      .default('5550199'),
    toSipAccount: z.string().min(1).optional(),
    workNo: z.number().int().optional(),
    behaviour: customerBehaviourSchema.prefault({}),
  })
  .strict()
  .refine((d) => (d.toSipAccount === undefined) !== (d.workNo === undefined), {
    message: 'give exactly one of toSipAccount and workNo',
  });

export const tenantQuery = z.object({ tenant: z.string().optional() });
export const idParam = z.object({ id: z.string() });
export const callIdParam = z.object({ callId: z.string() });
export const recordingsParam = z.object({ id: z.string(), callId: z.string() });
export const recordingParam = recordingsParam.extend({ recordingId: z.string() });

/** A recorded way of a call's agent leg (mock-cec/domain/acd/recordings.ts); `wav` is where its audio is served. */
export const recordingViewSchema = z.object({
  id: z.string(),
  callId: z.string(),
  taskId: z.number().int(),
  workNo: z.number().int(),
  sipCallId: z.string(),
  way: z.enum(['heard', 'sent']),
  state: z.enum(['recording', 'stopped']),
  beginTime: z.number(),
  endTime: z.number().nullable(),
  endedBy: z.enum(['stoprecord', 'call-ended', 'reset']).nullable(),
  truncated: z.boolean(),
  samples: z.number().int(),
  durationMs: z.number().int(),
  wav: z.string(),
});

/** Numbers in a query string: a number, or NaN for text that is not one (the handler says which). */
const queryNumber = z
  .string()
  .optional()
  .transform((v) => (v === undefined ? undefined : Number.isFinite(Number(v)) ? Number(v) : Number.NaN));

export const journalQuerySchema = z.object({
  tenant: z.string().optional(),
  kind: z.string().optional(),
  since: queryNumber,
  sinceAt: queryNumber,
  limit: queryNumber,
  format: z.enum(['json', 'ndjson']).optional(),
});

// ── responses ─────────────────────────────────────────────────────────────

export const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export const endpointsSchema = z.object({
  host: z.string(),
  httpBase: z.string().optional(),
  httpPort: z.number().optional(),
  sipUdpPort: z.number().optional(),
  sipTcpPort: z.number().optional(),
  sipWsUrl: z.string().optional(),
});

export const healthSchema = z.object({
  status: z.literal('ok'),
  tenants: z.number().int(),
  uptimeMs: z.number(),
  endpoints: endpointsSchema,
});

export const clockSchema = z.object({ now: z.number(), offsetMs: z.number() });

export const tenantViewSchema = z.object({
  tenantSpaceId: z.string(),
  seed: z.number(),
  clock: clockSchema,
  liveTokens: z.number().int(),
  config: tenantSchema,
});

export const faultRuleViewSchema = faultRuleSchema.extend({ id: z.string(), action: faultActionSchema });
export const faultListItemSchema = faultRuleViewSchema.extend({
  matched: z.number().int(),
  applied: z.number().int(),
  actionText: z.string(),
});

/** A journal entry: the fields every kind has; each kind adds its own (mock-cec/infrastructure/journal/journal.ts). */
export const journalEntryViewSchema = z.looseObject({
  seq: z.number().int().nonnegative(),
  at: z.number(),
  kind: z.enum(journalKinds as [JournalKind, ...JournalKind[]]),
  corr: z.string(),
  // `tenant` (absent on entries of no tenant) rides on the loose shape: declared optional beside the
  // index signature, it would give a type TypeScript refuses in a declaration file (TS2411), where a
  // consumer's skipLibCheck: false reads it. The journal's own type (journal.ts) names it.
});

export const journalPageSchema = z.object({
  entries: z.array(journalEntryViewSchema),
  total: z.number().int(),
  dropped: z.number().int(),
});

const nullable = <T extends z.ZodType>(t: T) => t.nullable();

// The states as the simulator's types name them: a value the types do not know fails the handlers' typing.
const callState = z.enum([
  'queued',
  'offering',
  'dialing',
  'talking',
  'ended',
] as const satisfies CallState[]);
const callEndReason = z.enum([
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
] as const satisfies CallEndReason[]);
const agentState = z.enum([
  'signed-out',
  'idle',
  'busy',
  'rest',
  'work',
  'ringing',
  'dialing',
  'talking',
] as const satisfies AgentState[]);
const legState = z.enum(['calling', 'ringing', 'answered', 'ended'] as const satisfies LegState[]);
const legEndReason = z.enum([
  'customer-hangup',
  'agent-hangup',
  'cancelled',
  'rejected',
  'unreachable',
  'failed',
] as const satisfies LegEndReason[]);

export const callViewSchema = z.object({
  id: z.string(),
  direction: z.enum(['inbound', 'outbound', 'internal']),
  state: callState,
  skillId: z.number().int(),
  customer: z.string(),
  caller: z.string(),
  called: z.string(),
  agent: nullable(z.number().int()),
  offers: z.number().int(),
  declinedBy: z.array(z.number().int()),
  queuedAt: z.number(),
  answeredAt: nullable(z.number()),
  endedAt: nullable(z.number()),
  endReason: nullable(callEndReason),
  sipCallId: nullable(z.string()),
  transferredFrom: nullable(z.number().int()).describe(
    'The agent who transferred the call to where it is now',
  ),
  behaviour: customerBehaviourSchema,
  callData: z
    .string()
    .describe(
      "The call-associated data (callData when placed, setcalldataex, or a transfer's or internal call's callappdata)",
    ),
  parties: z
    .array(
      z.object({
        id: z.string().describe('"customer", "agent 101", "outside 5551234"'),
        kind: z.enum(['customer', 'agent', 'outside', 'ivr']),
        number: z.string(),
        state: z.enum(['waiting', 'alerting', 'talking', 'held', 'gone']),
        bridge: nullable(z.string()).describe(
          'Talking: the bridge; the parties in one bridge hear each other',
        ),
        heldBy: nullable(z.string()).describe('Held: the party who holds it'),
        muted: z.boolean().describe('Heard by nobody (beginmute)'),
        sipCallId: nullable(z.string()).describe("The party's SIP leg while the ACD listens to it"),
      }),
    )
    .describe('Who is in the call and who hears whom (docs/decisions/007-call-model.md)'),
  mix: z
    .array(
      z.object({
        from: z
          .string()
          .describe('A party id, "customer", or "hold-tone" (the hold tone a held party heard)'),
        to: z.string(),
        frames: z.number().int(),
        energy: z.number().describe('Audio energy carried, as MediaStats.audioEnergyReceived'),
      }),
    )
    .describe(
      "What the customer's mixer carried from each party to each other (consult, three-party, an outside party; empty for a two-party call)",
    ),
  mixSettled: z
    .boolean()
    .describe(
      "Whether `mix` already counts under the mixer's last change of parties or routes. False for at most 100 ms after a change while the call's media runs in a worker (its figures come in pushes): a reading taken as the baseline of an absence waits for true",
    ),
  outside: z
    .array(
      z.object({
        party: z.string().describe('"outside 5550100"'),
        frequencyHz: z.number().describe('The tone it says'),
        framesSent: z.number().int(),
        framesHeard: z.number().int(),
        energyHeard: z
          .number()
          .describe('Audio energy of what reached it, as MediaStats.audioEnergyReceived'),
      }),
    )
    .describe(
      "Each outside number or IVR flow in the call's media (a talk or three-way transfer, an IVR transfer): what it said and heard (media/outside-party.ts)",
    ),
});

export const agentViewSchema = z.object({
  workNo: z.number().int(),
  accountCode: z.string(),
  state: agentState,
  stateCode: z.number().int(),
  since: z.number(),
  reason: z.number(),
  phonenum: nullable(z.string()),
  registered: z.boolean(),
  autoanswer: nullable(z.boolean()),
  autoenteridle: nullable(z.boolean()),
  callId: nullable(z.string()),
  afterCall: nullable(z.enum(['busy', 'rest', 'work'])),
  queuedEvents: z.number().int(),
  polling: z.boolean(),
});

export const mediaStatsSchema = z.object({
  flavour: z.enum(['webrtc', 'rtp'] as const satisfies MediaFlavour[]),
  packetsSent: z.number(),
  packetsReceived: z.number(),
  bytesSent: z.number(),
  bytesReceived: z.number(),
  audioEnergyReceived: z.number(),
  audioEnergyHoldTone: z.number().optional(),
  lastPacketAt: z.number().optional(),
  readAt: z
    .number()
    .optional()
    .describe(
      'Epoch ms at which the counters were read (a media worker pushes them every 100 ms): the time base of a rate',
    ),
  dtlsState: z.string().optional(),
});

export const legViewSchema = z.object({
  callId: z.string(),
  direction: z.enum(['to-agent', 'from-agent']),
  tenant: z.string(),
  from: z.string(),
  to: z.string(),
  state: legState,
  startedAt: z.number(),
  answeredAt: z.number().optional(),
  endedAt: z.number().optional(),
  endReason: legEndReason.optional(),
  endStatus: z.number().int().optional(),
  /** DTMF keys the customer received, in order. */
  digits: z.string().optional(),
  media: mediaStatsSchema.optional(),
});

export const registrationViewSchema = z.object({
  tenant: z.string(),
  sipAccount: z.string(),
  workNo: z.number().int().optional(),
  contact: z.string(),
  transport: z.string(),
  flow: z.string(),
  remote: z.string().optional(),
  expiresInSec: z.number(),
  registeredAt: z.number(),
  instance: z.string().optional(),
  regId: z.string().optional(),
  userAgent: z.string().optional(),
});
