import type { CustomerBehaviour } from '../../domain/calls/customer-calls.ts';
import { magicNumbers } from '../../infrastructure/config/customer-schema.ts';
import type { Tenant } from '../../infrastructure/config/tenant-schema.ts';

export interface BannerInput {
  url: string;
  caFile?: string;
  tenants: readonly { config: Tenant; seed: number }[];
  fromFile?: string;
  /** The SIP side's addresses, when it runs. */
  sip?: { host: string; port: number; tlsPort?: number; wsUrl?: string };
}

/** The startup banner: where things are and the demo credentials to try them with. */
export function banner(b: BannerInput): string {
  const lines = [
    'mock-cec — simulated Huawei CEC/AICC',
    '',
    `  Vendor APIs   ${b.url}`,
    `  Control API   ${b.url}/__mock/   (OpenAPI: ${b.url}/__mock/openapi.json)`,
    `  Console       ${b.url}/__mock/console`,
  ];
  if (b.sip) {
    const host = b.sip.host.includes(':') ? `[${b.sip.host}]` : b.sip.host;
    lines.push(`  SIP UDP/TCP   ${host}:${b.sip.port}   (desktop softphones: OpenEye, sipp, baresip)`);
    if (b.sip.tlsPort !== undefined)
      lines.push(
        `  SIP TLS       ${host}:${b.sip.tlsPort}   (OpenEye sipTransportMode 1; trust the Dev CA below)`,
      );
    if (b.sip.wsUrl) lines.push(`  SIP WebSocket ${b.sip.wsUrl}   (WebRTC softphones; subprotocol "sip")`);
    lines.push(...customerLines());
  }
  if (b.caFile) lines.push(`  Dev CA        ${b.caFile}   (trust it, or accept the certificate once)`);
  for (const { config: t, seed } of b.tenants) {
    lines.push(
      '',
      `Tenant ${t.tenantSpaceId} ${b.fromFile ? `(from ${b.fromFile})` : `(seed ${seed})`}`,
      `  app_key       ${t.app.appKey}`,
      `  app_secret    ${t.app.appSecret}`,
      '  agents        workNo  sipAccount  sipPwd        password      accountCode',
    );
    for (const a of t.agents.slice(0, 3)) {
      lines.push(
        `                ${String(a.workNo).padEnd(7)} ${a.sipAccount.padEnd(11)} ${a.sipPwd.padEnd(13)} ${a.password.padEnd(13)} ${a.accountCode}`,
      );
    }
    if (t.agents.length > 3)
      lines.push(`                … ${t.agents.length - 3} more (GET /__mock/tenants/${t.tenantSpaceId})`);
  }
  const first = b.tenants[0]?.config;
  if (first) {
    lines.push(
      '',
      'Try:',
      `  curl -sk -X POST ${b.url}/apigovernance/api/oauth/tokenByAkSk -H 'Content-Type: application/json' \\`,
      `       -d '{"app_key":"${first.app.appKey}","app_secret":"${first.app.appSecret}"}'`,
    );
  }
  lines.push('', 'Ctrl-C stops the simulator.');
  return lines.join('\n');
}

/** Every magic customer number (customer-schema.ts, the table in docs/sip.md), a few to a line. */
function customerLines(): string[] {
  const all = Object.entries(magicNumbers).map(([n, b]) => `${n} ${customerSummary(b)}`);
  const lines: string[] = [];
  for (let i = 0; i < all.length; i += 4) {
    lines.push(`${i === 0 ? '  Customers     ' : '                '}${all.slice(i, i + 4).join(' · ')}`);
  }
  return lines;
}

/** A customer's behaviour in a few words. */
export function customerSummary(b: CustomerBehaviour): string {
  if (b.answer === 'busy') return 'busy';
  if (b.answer === 'no-answer') return 'no answer';
  if (b.mode === 'silent') return 'silence';
  if (b.mode === 'one-way-out') return 'one-way audio';
  const what = b.source.kind;
  return b.hangupAfterMs === undefined ? what : `${what}, hangs up after ${b.hangupAfterMs / 1000} s`;
}
