import type { Config } from '../config/config-schema.ts';

export interface BannerInput {
  url: string;
  config: Config;
  syncLine?: string;
  demoLogin?: { username: string; password: string };
  userCount: number;
}

/** The startup banner: where the desk is, what it talks to, and how to sign in. */
export function banner(b: BannerInput): string {
  const c = b.config;
  const lines = [
    'integration — the reference third-party system (agent desk)',
    '',
    `  Agent desk     ${b.url}/`,
    `  Verification   ${b.url}${c.verification.path}`,
    `  CEC            ${c.cec.baseUrl}  (tenant space ${c.cec.tenantSpaceId}, app key ${c.cec.appKey})`,
    `  Bar            $aicc_ContextPath = ${c.cec.contextPath}`,
    `  Softphone      ${c.softphone.wsUrl}`,
  ];
  if (b.syncLine) lines.push(`  Accounts       ${b.syncLine}`);
  if (b.demoLogin) {
    lines.push(
      '',
      `  Demo login     ${b.demoLogin.username} / ${b.demoLogin.password}   (every agent: user name = accountCode)`,
    );
  } else if (b.userCount === 0) {
    lines.push('', '  No users yet: run `integration seed-users` (or start with --seed-users).');
  }
  lines.push(
    '',
    'The certificate is a development one: trust its CA, or accept it once in the browser.',
    'Ctrl-C stops.',
  );
  return lines.join('\n');
}
