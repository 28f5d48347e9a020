import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './load-config.ts';

const key = Buffer.alloc(32, 7).toString('base64');
const minimal = `
cec:
  baseUrl: https://cec.example.com:8043
  appKey: app
  appSecret: s3cret-value
  tenantSpaceId: "202600000001"
server:
  certFile: cert.pem
  keyFile: key.pem
secrets:
  accountKey: ${key}
  tokenKey: ${key}
`;

describe('parseConfig', () => {
  it('fills the defaults the vendor and mock-cec expect', () => {
    const c = parseConfig(minimal, 'integration.yaml');
    expect(c.cec.contextPath).toBe('https://cec.example.com:8043/service-cloud/');
    expect(c.softphone.wsUrl).toBe('wss://cec.example.com:8043/sip');
    expect(c.cec.tokenExpireSec).toBe(600);
    expect(c.server).toMatchObject({ host: '127.0.0.1', port: 18_443 });
    expect(c.verification.path).toBe('/rest/cc-management/v1/thirdparty/thirdPartyValidate');
    expect(c.secrets.accountKey).toEqual(Buffer.alloc(32, 7));
    expect(c.security.loginAccount).toEqual({
      failureFactor: 5,
      waitIncrementSec: 30,
      maxWaitSec: 900,
      resetAfterSec: 43_200,
    });
  });

  it('takes secrets from the environment', () => {
    const text = minimal.replace('  appSecret: s3cret-value\n', '');
    const c = parseConfig(text, 'f.yaml', { INTEGRATION_CEC_APP_SECRET: 'from-env' });
    expect(c.cec.appSecret).toBe('from-env');
  });

  it('names the file, line and field, with the environment variable to use', () => {
    const text = minimal.replace('  appSecret: s3cret-value\n', '');
    expect(() => parseConfig(text, 'f.yaml')).toThrow(
      new ConfigError(
        'f.yaml:3: cec.appSecret: Invalid input: expected string, received undefined (or set INTEGRATION_CEC_APP_SECRET)',
      ),
    );
  });

  it.each([
    [
      'baseUrl: https://cec.example.com:8043',
      'baseUrl: http://cec.example.com',
      /cec\.baseUrl: must be an https/,
    ],
    [`accountKey: ${key}`, 'accountKey: c2hvcnQ=', /secrets\.accountKey: must be 32 random bytes in base64/],
    [
      '  tenantSpaceId: "202600000001"',
      '  tenantSpaceId: "1"\n  contextPath: https://x/app/',
      /must contain \/service-cloud/,
    ],
    [
      '  tenantSpaceId: "202600000001"',
      '  tenantSpaceId: "1"\n  tokenExpireSec: 7200',
      /cec\.tokenExpireSec/,
    ],
  ])('refuses %s → %s', (from, to, message) => {
    expect(() => parseConfig(minimal.replace(from, to), 'f.yaml')).toThrow(message);
  });

  it('never echoes a secret value in its error', () => {
    const text = minimal.replace(`tokenKey: ${key}`, 'tokenKey: not-base64-but-secret!!');
    expect(() => parseConfig(text, 'f.yaml')).toThrow(ConfigError);
    try {
      parseConfig(text, 'f.yaml');
    } catch (err) {
      expect((err as Error).message).not.toContain('not-base64-but-secret');
    }
  });

  it('reports YAML syntax errors with their line', () => {
    expect(() => parseConfig('cec:\n  baseUrl: [unclosed\n', 'f.yaml')).toThrow(/^f\.yaml:\d+: /);
  });
});
