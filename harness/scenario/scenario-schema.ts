import { z } from 'zod';
import { customerSchema } from '../../integration/crm/customers.ts';
import { faultRuleSchema } from '../../mock-cec/domain/faults/fault-rule.ts';
import {
  customerBehaviourSchema,
  customersSchema,
} from '../../mock-cec/infrastructure/config/customer-schema.ts';
import { tenantSchema } from '../../mock-cec/infrastructure/config/tenant-schema.ts';
import { customerName } from './common-schema.ts';
import { type Step, stepSchema } from './step-schema.ts';

/**
 * A scenario file (`scenarios/*.scenario.yaml`): a story QA writes, with its
 * seed, the tenant and integration it needs, its actors, the faults in force
 * from the start, and its steps. Validated here; the JSON Schema editors use
 * is generated from this (json-schema.ts) and committed beside the scenarios.
 */

const t = tenantSchema.shape;
/** Sections of the tenant file a scenario may change, with the tenant file's own names and limits. */
const tenantOverrides = z
  .object({
    agents: z
      .number()
      .int()
      .min(1)
      .max(50)
      .optional()
      .describe('How many agents the tenant has (default: as many as actors.agents).'),
    tokens: t.tokens.unwrap().partial().optional(),
    callback: t.callback.unwrap().pick({ timeoutMs: true }).partial().optional(),
    gateway: t.gateway.unwrap().partial().optional(),
    acd: t.acd.unwrap().partial().optional(),
    recording: t.recording
      .unwrap()
      .partial()
      .optional()
      .describe('Voice recording: enabled records every connected call (docs/vendor/recording.md).'),
    sip: t.sip.unwrap().pick({ portAsNumber: true, digestAlgorithms: true }).partial().optional(),
    ivr: t.ivr
      .unwrap()
      .partial()
      .optional()
      .describe('IVR flows (transfer devicetype 3) and system access codes (devicetype 4) the tenant has.'),
    customers: customersSchema
      .optional()
      .describe('Customers agents can call by number, beside the 555-01xx magic numbers.'),
  })
  .strict();

const integrationOverrides = z
  .object({
    appKey: z.string().min(1).optional(),
    appSecret: z.string().min(1).optional().describe('A wrong one makes every TokenByAkSk fail.'),
    tokenExpireSec: z.number().int().min(60).max(3600).optional(),
    allowedClientIps: z
      .array(z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()]))
      .optional()
      .describe(
        'Who may call the verification API; leave the simulator (127.0.0.1) out to see the callback refused.',
      ),
    customers: z
      .array(customerSchema)
      .optional()
      .describe("The CRM's customers (its own database): the screen pop finds callers among them."),
  })
  .strict();

const agentActor = z
  .object({
    phone: z
      .enum(['desk', 'openeye', 'none'])
      .default('desk')
      .describe("desk: the integration page's softphone; openeye: the OpenEye stand-in; none."),
    register: z
      .boolean()
      .default(true)
      .describe('An OpenEye phone registers at the start (false: wait for a register step).'),
  })
  .strict();

const customerActor = z
  .object({
    from: z
      .string()
      .regex(/^[0-9*#+]{1,24}$/, 'digits, * # + only')
      .optional()
      .describe("The customer's number (caller ID)."),
    behaviour: customerBehaviourSchema.partial().optional(),
  })
  .strict();

export const scenarioSchema = z
  .object({
    name: z.string().min(1).max(200),
    story: z.string().min(1).describe('What happens and why it matters, in a few sentences.'),
    seed: z
      .number()
      .int()
      .min(1)
      .max(2 ** 31 - 1)
      .describe('The tenant is generated from it: the same seed, the same run.'),
    tags: z.array(z.string().min(1)).optional(),
    tenant: tenantOverrides.optional(),
    integration: integrationOverrides.optional(),
    actors: z
      .object({
        agents: z.array(agentActor).min(1).max(50).describe('By index: the first is agent 0.'),
        customers: z.record(customerName, customerActor).default({}),
      })
      .strict(),
    faults: z
      .array(faultRuleSchema.omit({ tenant: true }))
      .default([])
      .describe('Fault rules in force from the start (mock-cec/domain/faults/fault-rule.ts).'),
    steps: z.array(stepSchema).min(1),
  })
  .strict()
  .superRefine((s, ctx) => {
    // zod runs this even when a part failed: check only what parsed (a failed step is not yet {kind, args}).
    if (!Array.isArray(s.actors?.agents) || !Array.isArray(s.steps)) return;
    const agents = s.tenant?.agents ?? s.actors.agents.length;
    if (agents < s.actors.agents.length)
      ctx.addIssue({
        code: 'custom',
        path: ['tenant', 'agents'],
        message: `fewer than the ${s.actors.agents.length} agents in actors.agents`,
      });
    s.steps.forEach((step, i) => {
      const args = (step as Partial<Step>)?.args as { agent?: number; customer?: string } | undefined;
      if (typeof args !== 'object' || args === null) return;
      if (args.agent !== undefined && args.agent >= s.actors.agents.length)
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, step.kind, 'agent'],
          message: `no agent ${args.agent}: actors.agents has ${s.actors.agents.length} (0 to ${s.actors.agents.length - 1})`,
        });
      if (args.customer !== undefined && !(args.customer in (s.actors.customers ?? {})))
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, step.kind, 'customer'],
          message: `no customer ${args.customer} in actors.customers (${Object.keys(s.actors.customers).join(', ') || 'none'})`,
        });
    });
  });

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type { Step };
