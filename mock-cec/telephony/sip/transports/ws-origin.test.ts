import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { seedTenant } from '../../../infrastructure/config/seed-tenant.ts';
import { type MockCec, startMockCec } from '../../../start-mock-cec.ts';
import { originAllowed } from './ws-origin.ts';

describe('originAllowed', () => {
  const policy = { origins: () => ['https://127.0.0.1:8043', 'https://crm.example:8443'] };

  it('allows listed origins, loopback pages and non-browser clients; refuses other sites', () => {
    expect(originAllowed('https://crm.example:8443', policy)).toBe(true);
    expect(originAllowed('http://localhost:5173', policy)).toBe(true);
    expect(originAllowed('https://[::1]:9000', policy)).toBe(true);
    expect(originAllowed(undefined, policy)).toBe(true);
    expect(originAllowed('https://evil.example', policy)).toBe(false);
    expect(originAllowed('https://crm.example:9999', policy)).toBe(false);
    expect(originAllowed('https://127.0.0.1.evil.example', policy)).toBe(false);
    expect(originAllowed('null', policy)).toBe(false);
    expect(originAllowed('chrome-extension://abc', policy)).toBe(false);
  });

  it('refuses loopback pages too when told to', () => {
    expect(originAllowed('http://localhost:5173', { ...policy, loopback: false })).toBe(false);
    expect(originAllowed('https://127.0.0.1:8043', { ...policy, loopback: false })).toBe(true);
  });
});

describe('the SIP WebSocket upgrade checks Origin', () => {
  let cec: MockCec;
  beforeAll(async () => {
    const t = seedTenant(23);
    t.callback.allowedOrigins = ['https://desk.example:18443'];
    cec = await startMockCec({
      tls: false,
      port: 0,
      tenants: [{ config: t, seed: 23 }],
      sip: { port: 0, wsOrigins: ['https://crm.example:8443'] },
    });
  });
  afterAll(() => cec.close());

  /** The handshake's outcome: 'open' or the HTTP status it was refused with. */
  const handshake = (origin?: string) =>
    new Promise<string>((resolve) => {
      const ws = new WebSocket(cec.sim.endpoints.sipWsUrl!, 'sip', origin ? { origin } : {});
      ws.on('open', () => {
        ws.close();
        resolve('open');
      });
      ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      ws.on('error', (err) => resolve(err.message));
    });

  it('refuses a page of another site with 403', async () => {
    expect(await handshake('https://evil.example')).toBe('403');
  });

  it('accepts its own origin, a listed one, a tenant’s, a loopback page and a client with no Origin', async () => {
    expect(await handshake(cec.url)).toBe('open');
    expect(await handshake('https://crm.example:8443')).toBe('open');
    expect(await handshake('https://desk.example:18443')).toBe('open');
    expect(await handshake('http://localhost:3000')).toBe('open');
    expect(await handshake()).toBe('open');
  });
});
