import { z } from 'zod';
import { customersSchema } from './customer-schema.ts';

/**
 * The tenant file: everything the vendor configures for one tenant space
 * (docs/vendor/tenant.md), plus the simulator's own knobs. Parsed once at the edge;
 * every component below receives a validated `Tenant`.
 */

const digits = (max: number) =>
  z
    .string()
    .regex(/^[0-9A-Za-z_.+-]+$/, 'letters, digits and _ . + - only')
    .max(max);

export const agentSchema = z
  .object({
    workNo: z.number().int().min(101).max(999_999),
    name: z.string().min(1).max(100).optional(),
    sipAccount: digits(24).min(1),
    sipPwd: z.string().min(1).max(24),
    password: z.string().min(1).max(64),
    accountCode: z.string().min(1).max(100),
    skills: z.array(z.number().int()).default([]),
  })
  .strict();

export const skillSchema = z
  .object({
    id: z.number().int().min(1),
    name: z.string().min(1),
  })
  .strict();

const accessCode = z.string().regex(/^\d{1,24}$/, 'digits only, at most 24');

/**
 * What a transfer may reach beside skills, agents and numbers (cec_07_1242): the tenant's IVR flows
 * by access code (devicetype 3; a simulated flow plays a prompt tone of `frequencyHz` for `promptMs`,
 * then releases the call or hands it back to the agent), and its system access codes (devicetype 4;
 * the call enters the ACD again as an inbound call to the code's skill). None by default. [choice]
 */
export const ivrSchema = z
  .object({
    flows: z
      .array(
        z
          .object({
            accessCode,
            promptMs: z.number().int().min(1).max(600_000).default(3000),
            frequencyHz: z.number().min(50).max(3900).default(800),
          })
          .strict(),
      )
      .default([]),
    accessCodes: z
      .array(z.object({ code: accessCode, skillId: z.number().int().min(1) }).strict())
      .default([]),
  })
  .strict();

export const tenantSchema = z
  .object({
    tenantSpaceId: z.string().min(1).max(64),
    ccId: z.number().int().min(1).default(1),
    vdnId: z.number().int().min(1).default(1),
    app: z
      .object({
        appKey: z.string().min(1).max(128),
        appSecret: z.string().min(1).max(256),
        /**
         * Refuse CC-Management requests without X-APP-Key (the lightweight guide, cec_05_1308). The API
         * reference (cec_07_0028, cec_07_0029) marks it optional: false accepts its absence. [doc, contradictory]
         */
        requireAppKey: z.boolean().default(true),
      })
      .strict(),
    tokens: z
      .object({
        /** Lifetime when X-Token-Expire is absent. [choice] */
        defaultExpiresSec: z.number().int().min(1).max(3600).default(600),
        /** The vendor's ceiling for X-Token-Expire. [doc] */
        maxExpiresSec: z.number().int().min(1).max(86_400).default(3600),
        /** Whether a new token revokes the app's older ones (off: both stay valid). [choice] */
        revokePreviousOnIssue: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    sip: z
      .object({
        /** Advertised SIP address; by default the simulator's own SIP listener. */
        serviceIp: z.string().min(1).optional(),
        servicePort: z.number().int().min(1).max(65_535).optional(),
        /** Send sipServicePort as a number (the vendor's newest example) instead of a string. */
        portAsNumber: z.boolean().default(false),
        /**
         * Digest algorithms softphones are challenged with, in order (RFC 8760). MD5 alone by default:
         * SIP.js and JsSIP give up on a first challenge that is not MD5. [choice]
         */
        digestAlgorithms: z
          .array(z.enum(['SHA-256', 'MD5']))
          .min(1)
          .default(['MD5']),
      })
      .strict()
      .prefault({}),
    callback: z
      .object({
        /** The third party's verification API (docs/vendor/verification-api.md). */
        url: z.url().default('https://127.0.0.1:18443/rest/cc-management/v1/thirdparty/thirdPartyValidate'),
        /** PEM file of the certificate to trust for an HTTPS callback URL. */
        caFile: z.string().optional(),
        timeoutMs: z.number().int().min(1).max(60_000).default(5000),
        /**
         * Origins whose pages may load ccbarclient.js (others get the vendor's 500) and use SIP over
         * WebSocket. By default the reference integration's, by IP and by name, so its desk works
         * from either. [choice]
         */
        allowedOrigins: z.array(z.string()).default(['https://127.0.0.1:18443', 'https://localhost:18443']),
      })
      .strict()
      .prefault({}),
    gateway: z
      .object({
        guidRotateMs: z.number().int().min(1).default(60_000),
        guidTtlMs: z.number().int().min(1).default(120_000),
        pollTimeoutMs: z.number().int().min(1).default(10_000),
        idleSignOutMs: z.number().int().min(1).default(120_000),
        /** Send AgentEvent_Incoming_CallInfo (cec_07_0520) before an inbound call alerts. [choice: off by default] */
        incomingCallInfo: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    acd: z
      .object({
        ringTimeoutMs: z.number().int().min(1).default(20_000),
        queueCapacity: z.number().int().min(0).default(50),
        /**
         * After-call work (wrap-up, state 5) ends by itself after this long: the agent is Ready again
         * with AgentState_CancelWork_Success and AgentState_Ready. 0: it lasts until the agent ends it
         * (cancelwork, sayfree…). [choice: the vendor configures it per tenant; the default is ours]
         */
        wrapUpMs: z.number().int().min(0).max(86_400_000).default(0),
      })
      .strict()
      .prefault({}),
    /**
     * Voice recording (docs/vendor/recording.md): with `enabled` the platform records every connected
     * call of an agent (AgentMediaEvent_Record) until stoprecord or the call's end. Off by default:
     * recording is a feature the operator configures for a tenant space. [choice] The simulator keeps
     * the audio in memory, at most `budgetBytes` of 8 kHz 16-bit PCM a tenant, oldest dropped. [choice]
     */
    recording: z
      .object({
        enabled: z.boolean().default(false),
        budgetBytes: z
          .number()
          .int()
          .min(0)
          .max(512 * 1024 * 1024)
          .default(16 * 1024 * 1024),
      })
      .strict()
      .prefault({}),
    ivr: ivrSchema.prefault({}),
    /** Simulated customers agents can call, merged over the magic numbers (customer-schema.ts). */
    customers: customersSchema,
    skills: z.array(skillSchema).default([{ id: 1, name: 'General' }]),
    agents: z.array(agentSchema).min(1),
  })
  .strict()
  .superRefine((t, ctx) => {
    const seen = (key: 'workNo' | 'sipAccount' | 'accountCode') => {
      const values = new Set<unknown>();
      t.agents.forEach((a, i) => {
        if (values.has(a[key])) {
          ctx.addIssue({ code: 'custom', path: ['agents', i, key], message: `duplicate ${key} ${a[key]}` });
        }
        values.add(a[key]);
      });
    };
    seen('workNo');
    seen('sipAccount');
    seen('accountCode');
    t.agents.forEach((a, i) => {
      if (a.sipAccount in t.customers) {
        ctx.addIssue({
          code: 'custom',
          path: ['agents', i, 'sipAccount'],
          message: `${a.sipAccount} is also a customer number`,
        });
      }
    });
    const skillIds = new Set(t.skills.map((s) => s.id));
    t.ivr.accessCodes.forEach((c, i) => {
      if (!skillIds.has(c.skillId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['ivr', 'accessCodes', i, 'skillId'],
          message: `unknown skill id ${c.skillId}`,
        });
      }
    });
    t.agents.forEach((a, i) => {
      a.skills.forEach((s, j) => {
        if (!skillIds.has(s)) {
          ctx.addIssue({
            code: 'custom',
            path: ['agents', i, 'skills', j],
            message: `unknown skill id ${s}`,
          });
        }
      });
    });
  });

export type TenantInput = z.input<typeof tenantSchema>;
export type Tenant = z.output<typeof tenantSchema>;
export type Agent = Tenant['agents'][number];
export type Skill = Tenant['skills'][number];
