import { describe, expect, it } from 'vitest';
import { seedTenant } from '../../infrastructure/config/seed-tenant.ts';
import { banner } from './banner.ts';

describe('banner', () => {
  it('prints where the APIs and the console are', () => {
    const text = banner({ url: 'https://127.0.0.1:8043', tenants: [{ config: seedTenant(1), seed: 1 }] });
    expect(text).toContain('  Control API   https://127.0.0.1:8043/__mock/ ');
    expect(text).toContain('  Console       https://127.0.0.1:8043/__mock/console\n');
  });

  it('lists the SIP listeners, TLS among them, with an IPv6 host in brackets', () => {
    const tenants = [{ config: seedTenant(1), seed: 1 }];
    const v4 = banner({
      url: 'https://127.0.0.1:8043',
      tenants,
      sip: { host: '127.0.0.1', port: 5060, tlsPort: 5061 },
    });
    expect(v4).toContain('  SIP UDP/TCP   127.0.0.1:5060 ');
    expect(v4).toContain('  SIP TLS       127.0.0.1:5061 ');
    const v6 = banner({
      url: 'https://[::1]:8043',
      tenants,
      sip: { host: '::1', port: 5077, tlsPort: 5078 },
    });
    expect(v6).toContain('  SIP UDP/TCP   [::1]:5077 ');
    expect(v6).toContain('  SIP TLS       [::1]:5078 ');
  });

  it('lists every magic customer number the README and docs/sip.md list (seven)', () => {
    const text = banner({
      url: 'https://127.0.0.1:8043',
      tenants: [],
      sip: { host: '127.0.0.1', port: 5060 },
    });
    const listed = text.match(/\b55501\d\d\b/g);
    expect(listed).toEqual(['5550100', '5550101', '5550102', '5550103', '5550104', '5550105', '5550106']);
    expect(text).toContain('5550104 tone, hangs up after 5 s');
    expect(text).toContain('5550105 silence');
    expect(text).toContain('5550106 one-way audio');
  });
});
