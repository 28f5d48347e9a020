import { z } from 'zod';
import { type DeskProfile, referenceDesk } from '../actors/desk-profile.ts';

/**
 * The project config a team keeps in its own repository (mock-cec.config.yaml
 * or mock-cec.config.ts): which simulator, which integration under test, and
 * where reports go. Parsed once at the edge (load-project-config.ts); the
 * scenario command and the Playwright fixtures receive a `ProjectConfig`.
 */

/** `/pattern/flags` in a file, as the scenario format writes regular expressions. */
const pattern = z.union([z.string(), z.instanceof(RegExp)]).transform((value, ctx) => {
  if (value instanceof RegExp) return value;
  const m = /^\/(.+)\/([dgimsuy]*)$/.exec(value);
  try {
    return m ? new RegExp(m[1]!, m[2]) : new RegExp(value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `not a regular expression: ${(err as Error).message}` });
    return z.NEVER;
  }
});

const selector = z.string().min(1);

/** A desk profile over the reference one: only what differs on your page need be written. */
const deskSchema = z
  .object({
    loginPath: z.string().startsWith('/'),
    username: selector,
    password: selector,
    submit: selector,
    loginError: selector,
    lockedText: pattern,
    signedInUrl: pattern,
    barStatus: selector,
    barText: z
      .object({ loaded: pattern, refused: pattern, failed: pattern, unreachable: pattern })
      .partial()
      .strict(),
    barToggle: selector,
    agentState: selector,
    phoneState: selector,
    phoneRegistered: pattern,
    phoneRefused: pattern,
    callState: selector,
    pickUp: selector,
    endCall: selector,
    softphoneApi: z.string().startsWith('/'),
  })
  .partial()
  .strict();

const userSchema = z
  .object({
    /** What the user types into your login form. */
    username: z.string().min(1),
    password: z.string().min(1),
    /** The contact-center agent this user is. */
    workNo: z.number().int().min(101),
    /** From the simulator's tenant file when it is given (simulator.tenantFile); else required. */
    accountCode: z.string().min(1).optional(),
    sipAccount: z.string().min(1).optional(),
    sipPwd: z.string().min(1).optional(),
  })
  .strict();

const ownIntegrationSchema = z
  .object({
    /** Your integration's origin, e.g. https://127.0.0.1:3000 */
    url: z.url(),
    /** The tenant space your integration is configured against (its tenantSpaceId). */
    tenant: z.string().min(1),
    /** Your page's selectors and texts where they differ from the reference integration's. */
    desk: deskSchema.prefault({}),
    users: z.array(userSchema).min(1),
  })
  .strict();

const integrationSchema = z.union([z.literal('reference'), ownIntegrationSchema]);

const simulatorSchema = z
  .object({
    /** A simulator running elsewhere (a CI service, another machine); absent: the command starts one. */
    url: z.url().optional(),
    /** PEM file of its development CA (default .mock-cec/certs/ca-cert.pem when the command starts it). */
    ca: z.string().min(1).optional(),
    /** The tenant file of the simulator the command starts, and where users' agents are looked up. */
    tenantFile: z.string().min(1).optional(),
    /** The HTTPS port of the simulator the command starts (your integration is configured with it); 0: any. */
    port: z.number().int().min(0).max(65_535).default(0),
    certDir: z.string().min(1).default('.mock-cec/certs'),
  })
  .strict()
  .prefault({});

const fileSchema = <I extends z.ZodType>(integration: I) =>
  z
    .object({
      $schema: z.string().optional(),
      simulator: simulatorSchema,
      integration,
      /** Where scenario journals and ladders go. */
      reports: z.string().min(1).default('reports/mock-cec'),
    })
    .strict();

export const projectConfigSchema = fileSchema(integrationSchema.default('reference'));

/**
 * The schema to check a config with, once its raw value is known: an
 * integration written as an object is checked as one, so that a bad field in
 * it is named (a union would only say that neither choice fits).
 */
export function projectConfigSchemaFor(raw: unknown): typeof projectConfigSchema {
  const integration = (raw as { integration?: unknown } | null)?.integration;
  return typeof integration === 'object' && integration !== null
    ? (fileSchema(ownIntegrationSchema) as unknown as typeof projectConfigSchema)
    : projectConfigSchema;
}

export type ProjectConfig = z.output<typeof projectConfigSchema>;
export type ProjectConfigInput = z.input<typeof projectConfigSchema>;
export type OwnIntegration = Exclude<ProjectConfig['integration'], 'reference'>;

/** For mock-cec.config.ts: `export default defineConfig({...})`, typed as the file is checked. */
export function defineConfig(config: ProjectConfigInput): ProjectConfigInput {
  return config;
}

/** The desk profile of an integration: the reference one with the config's differences. */
export function deskProfileOf(desk: OwnIntegration['desk']): DeskProfile {
  const { barText, ...rest } = desk;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  const texts = Object.fromEntries(Object.entries(barText ?? {}).filter(([, v]) => v !== undefined));
  return { ...referenceDesk, ...defined, barText: { ...referenceDesk.barText, ...texts } };
}

/** The JSON Schema of the config, for editors (`# yaml-language-server: $schema=...`). */
export function projectConfigJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(projectConfigSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
}
