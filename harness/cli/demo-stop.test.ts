import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type CliProcess, runDemo } from '../../mock-cec/edges/cli/testing/run-cli.ts';
import { seedTenant } from '../../mock-cec/infrastructure/config/seed-tenant.ts';
import { UdpPhone } from '../../mock-cec/telephony/sip/testing/udp-phone.ts';

/**
 * `npm start` stopped by SIGTERM during a call: the agent's phone gets a BYE
 * and both servers stop, the process exiting within its bound.
 */
const SEED = 61;
let dir: string;
let demo: CliProcess | undefined;
let phone: UdpPhone | undefined;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mock-cec-demo-stop-'));
});
afterEach(() => {
  if (demo?.child.exitCode === null) demo.child.kill('SIGKILL');
  phone?.close();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('npm start on SIGTERM', { timeout: 90_000 }, () => {
  it('ends the call with BYE, stops both servers and exits 0 within 10 s', async () => {
    demo = runDemo([
      ...['--seed', String(SEED), '--port', '0', '--integration-port', '0', '--sip-port', '0'],
      ...[
        '--state-dir',
        join(dir, 'state'),
        '--data-dir',
        join(dir, 'data'),
        '--cert-dir',
        join(dir, 'certs'),
      ],
    ]);
    await demo.waitFor('Ctrl-C stops both.');
    const out = demo.stdout();
    const cecUrl = /Vendor APIs\s+(\S+)/.exec(out)![1]!;
    const integrationUrl = /Agent desk \(integration\)\s+(\S+)\//.exec(out)![1]!;
    const sipPort = Number(/SIP UDP\/TCP \(OpenEye\)\s+\S+:(\d+)/.exec(out)![1]);
    const tenant = seedTenant(SEED);
    const agent = tenant.agents[0]!;
    phone = await UdpPhone.open({ host: '127.0.0.1', port: sipPort }, agent);
    expect(await phone.register()).toBe(200);
    const dispatcher = new Agent({ connect: { rejectUnauthorized: false } });
    const dialed = fetch(`${cecUrl}/__mock/sip/dial`, {
      dispatcher,
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ tenant: tenant.tenantSpaceId, toSipAccount: agent.sipAccount }),
    });
    await phone.answerCall();
    expect((await dialed).status).toBe(201);
    await vi.waitFor(() => expect(phone!.rtpPackets).toBeGreaterThan(10), { timeout: 10_000, interval: 50 });

    const sent = Date.now();
    demo.child.kill('SIGTERM');
    await phone.nextRequest('BYE');
    expect(await demo.exited).toBe(0);
    expect(Date.now() - sent).toBeLessThan(10_000);
    expect(demo.stdout()).toMatch(/mock-cec: stopped \(\d+ agents signed out\)/);
    // Both servers are gone.
    await expect(fetch(`${integrationUrl}/`, { dispatcher })).rejects.toThrow();
    await expect(fetch(`${cecUrl}/__mock/health`, { dispatcher })).rejects.toThrow();
    await dispatcher.close();
  });
});
