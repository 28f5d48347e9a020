import { z } from 'zod';
import { customerSchema } from '../crm/customers.ts';

/**
 * The integration's whole configuration, parsed once at the entry point (CLI or
 * test) and passed down as a validated `Config`. Pointing the integration at a
 * real CEC instead of mock-cec is a change of this file and nothing else.
 */

/** A key given as base64 (`openssl rand -base64 32`), decoded to bytes. */
const base64Key = (minBytes: number, exactly = false) =>
  z.string().transform((text, ctx) => {
    const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(text.trim()) ? Buffer.from(text.trim(), 'base64') : undefined;
    if (!bytes || (exactly ? bytes.length !== minBytes : bytes.length < minBytes)) {
      ctx.addIssue({
        code: 'custom',
        message: `must be ${exactly ? '' : 'at least '}${minBytes} random bytes in base64 (openssl rand -base64 ${minBytes})`,
      });
      return z.NEVER;
    }
    return bytes;
  });

const seconds = (min: number, max: number, fallback: number) =>
  z.number().int().min(min).max(max).default(fallback);

/** Keycloak's brute-force model: after `failureFactor` failures the wait is `waitIncrementSec × ⌊failures / failureFactor⌋`, capped. */
const lockoutSchema = (failureFactor: number) =>
  z
    .object({
      failureFactor: z.number().int().min(1).max(1000).default(failureFactor),
      waitIncrementSec: seconds(1, 86_400, 30),
      maxWaitSec: seconds(1, 86_400, 900),
      /** Quiet time after the last failure that forgets the count. */
      resetAfterSec: seconds(1, 30 * 86_400, 12 * 3600),
    })
    .strict()
    .prefault({});

const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https:// URL (the CEC is HTTPS only)' });

export const configSchema = z
  .object({
    cec: z
      .object({
        /** Where TokenByAkSk and CC-Management answer, e.g. https://cec.example.com:8043 */
        baseUrl: httpsUrl,
        appKey: z.string().min(1).max(128),
        appSecret: z.string().min(1).max(256),
        tenantSpaceId: z.string().min(1).max(64),
        /** X-Token-Expire of TokenByAkSk, at most 3600 (docs/vendor/authentication.md). */
        tokenExpireSec: seconds(60, 3600, 600),
        /** PEM file of the CA to trust for HTTPS to the CEC (the system store when absent). */
        caFile: z.string().min(1).optional(),
        timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
        /** `$aicc_ContextPath` of the bar: https://host:port/service-cloud/ (docs/vendor/ccbarclient.md). */
        contextPath: httpsUrl
          .refine((u) => new URL(u).pathname.includes('/service-cloud'), 'must contain /service-cloud')
          .optional(),
        /** Addresses (or CIDR ranges) the CEC calls the verification API from; empty lets anyone call it. */
        allowedClientIps: z.array(z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()])).default([]),
      })
      .strict(),
    softphone: z
      .object({
        /** The CEC's SIP-over-WebSocket URL (mock-cec: wss://host:port/sip, a simulator choice). */
        wsUrl: z
          .url({ protocol: /^wss$/, error: 'must be a wss:// URL (WebRTC needs a secure page)' })
          .optional(),
        /** Domain of the softphone's SIP URI; by default the sipServiceIp QueryAgentInfo reports. */
        sipDomain: z.string().min(1).optional(),
      })
      .strict()
      .prefault({}),
    server: z
      .object({
        host: z.string().min(1).default('127.0.0.1'),
        /** 18443 is where mock-cec's demo tenant expects the verification API. */
        port: z.number().int().min(0).max(65_535).default(18_443),
        certFile: z.string().min(1),
        keyFile: z.string().min(1),
        /** A plain-HTTP port that only redirects pages to HTTPS (off when absent). */
        httpRedirectPort: z.number().int().min(0).max(65_535).optional(),
        /** A new connection must finish its TLS handshake within this, then send its headers within 10 s. */
        handshakeTimeoutSec: seconds(1, 120, 10),
        /** Open connections in all, and from one address (default: 8,000 or half the open-file limit; 1,000). */
        maxConnections: z.number().int().min(1).optional(),
        maxConnectionsPerSource: z.number().int().min(1).optional(),
      })
      .strict(),
    dataDir: z.string().min(1).default('.data/integration'),
    /** The CRM's customers, added to (or updated in) its database at start: the screen pop finds them. */
    crm: z
      .object({ customers: z.array(customerSchema).default([]) })
      .strict()
      .prefault({}),
    secrets: z
      .object({
        /** AES-256-GCM key sealing the softphone passwords at rest. */
        accountKey: base64Key(32, true),
        /** HMAC key of the bar tokens (HS256 wants at least 256 bits, RFC 7518 §3.2). */
        tokenKey: base64Key(32),
      })
      .strict(),
    verification: z
      .object({
        /** The path registered on the CEC for the token callback (docs/vendor/verification-api.md). */
        path: z
          .string()
          .regex(/^\/[A-Za-z0-9/_.-]*$/, 'must be an absolute path')
          .default('/rest/cc-management/v1/thirdparty/thirdPartyValidate'),
        /** The bar token lives long enough for one bar load, no longer. */
        tokenTtlSec: seconds(10, 600, 120),
        issuer: z.string().min(1).default('reference-integration'),
      })
      .strict()
      .prefault({}),
    security: z
      .object({
        loginAccount: lockoutSchema(5),
        loginAddress: lockoutSchema(20),
        badTokenAccount: lockoutSchema(5),
        badTokenAddress: lockoutSchema(20),
        loginPerMinute: z.number().int().min(1).default(30),
        /** Checks of correctly signed bar tokens per account and minute (junk is limited per token). */
        verificationPerMinute: z.number().int().min(1).default(600),
        sessionTtlSec: seconds(60, 7 * 86_400, 8 * 3600),
        /** scrypt cost (N = 2^log2N); OWASP lists N=2^15, r=8, p=3 among its minimums. */
        scryptLog2N: z.number().int().min(10).max(20).default(15),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .transform((c) => {
    const base = new URL(c.cec.baseUrl);
    return {
      ...c,
      // The page concatenates `$aicc_ContextPath + "ccdesktop/..."`, so the path ends with a slash.
      cec: { ...c.cec, contextPath: withSlash(c.cec.contextPath ?? `${base.origin}/service-cloud/`) },
      softphone: {
        ...c.softphone,
        wsUrl: c.softphone.wsUrl ?? `wss://${base.host}/sip`,
      },
    };
  });

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

export type ConfigInput = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema>;
export type LockoutConfig = Config['security']['loginAccount'];
