import type { Tenant } from '../../mock-cec/infrastructure/config/tenant-schema.ts';

/**
 * An OpenAPI description of the two endpoints with static examples taken from
 * the same tenant, for Stoplight Prism (its fastest setting: static examples).
 */
export function prismOpenApi(tenant: Tenant): unknown {
  const json = (example: unknown) => ({ 'application/json': { example } });
  return {
    openapi: '3.0.3',
    info: { title: 'CEC subset for benchmarking', version: '1' },
    paths: {
      '/apigovernance/api/oauth/tokenByAkSk': {
        post: {
          requestBody: { content: json({ app_key: tenant.app.appKey, app_secret: tenant.app.appSecret }) },
          responses: {
            '200': {
              description: 'token',
              content: json({
                AccessToken: 'a'.repeat(40),
                ApplyType: 'Bearer',
                CreateTime: '1764072000',
                Expires: '600',
                Scope: 'default',
                AppKey: tenant.app.appKey,
                UserID: 'Anonymous',
              }),
            },
          },
        },
      },
      '/apiaccess/CC-Management/v1/queryAgentInfo': {
        get: {
          responses: {
            '200': {
              description: 'agents',
              content: json({
                sipServiceIp: '127.0.0.1',
                sipServicePort: '5060',
                agents: tenant.agents.map((a) => ({
                  workNo: a.workNo,
                  sipAccount: a.sipAccount,
                  sipPwd: a.sipPwd,
                  accountCode: a.accountCode,
                })),
              }),
            },
          },
        },
      },
      '/__mock/health': {
        get: { responses: { '200': { description: 'ok', content: json({ status: 'ok' }) } } },
      },
    },
  };
}
