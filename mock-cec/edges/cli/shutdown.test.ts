import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedTenant } from '../../infrastructure/config/seed-tenant.ts';
import { UdpPhone } from '../../telephony/sip/testing/udp-phone.ts';
import { type CliProcess, runCli } from './testing/run-cli.ts';

/**
 * SIGTERM on the standalone simulator during a call: the agent's phone gets
 * a BYE, the customer's RTP stops, the process exits within its bound (10 s);
 * a second signal exits at once. The simulator runs as the real CLI, the
 * phone is a plain UDP softphone.
 */
const SEED = 31;
const tenant = seedTenant(SEED);
let dir: string;
const running: { cli?: CliProcess; phone?: UdpPhone } = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mock-cec-stop-'));
});
afterEach(() => {
  if (running.cli?.child.exitCode === null) running.cli.child.kill('SIGKILL');
  running.phone?.close();
  running.cli = running.phone = undefined;
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Start the CLI, register the first agent's phone, and have the customer call it: answered, RTP flowing. */
async function inACall() {
  const cli = runCli(['start', '--no-tls', '--port', '0', '--sip-port', '0', '--seed', String(SEED)]);
  running.cli = cli;
  await cli.waitFor(/SIP UDP\/TCP\s+\S+:\d+/);
  const url = /Vendor APIs\s+(\S+)/.exec(cli.stdout())![1]!;
  const sipPort = Number(/SIP UDP\/TCP\s+\S+:(\d+)/.exec(cli.stdout())![1]);
  const agent = tenant.agents[0]!;
  const phone = await UdpPhone.open({ host: '127.0.0.1', port: sipPort }, agent);
  running.phone = phone;
  expect(await phone.register()).toBe(200);
  const dialed = fetch(`${url}/__mock/sip/dial`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenant: tenant.tenantSpaceId, toSipAccount: agent.sipAccount }),
  });
  const invite = await phone.answerCall();
  expect((await dialed).status).toBe(201);
  await vi.waitFor(() => expect(phone.rtpPackets).toBeGreaterThan(10), { timeout: 10_000, interval: 50 });
  return { cli, phone, callId: invite.headers.find((h) => h.key === 'call-id')!.value };
}

describe('mock-cec start stops cleanly on a signal', { timeout: 60_000 }, () => {
  it('SIGTERM during a call: BYE at the phone, RTP stops, exit 0 within 10 s', async () => {
    const { cli, phone, callId } = await inACall();
    const sent = Date.now();
    cli.child.kill('SIGTERM');
    const bye = await phone.nextRequest('BYE');
    expect(bye.headers.find((h) => h.key === 'call-id')?.value).toBe(callId);
    expect(await cli.exited).toBe(0);
    expect(Date.now() - sent).toBeLessThan(10_000);
    expect(cli.stdout()).toMatch(/mock-cec: stopped \(\d+ agents signed out\)/);
    const after = phone.rtpPackets;
    const lastRtp = phone.lastRtpAt;
    // RTP stopped when the call ended: nothing more arrives (the process is gone, and it stopped before).
    expect(lastRtp).toBeLessThanOrEqual(Date.now());
    await new Promise((r) => setTimeout(r, 300));
    expect(phone.rtpPackets).toBe(after);
  });

  it('a phone that never answers the BYE does not hold the stop past its bound; a second signal exits at once', async () => {
    const { cli, phone } = await inACall();
    phone.answerBye = false;
    cli.child.kill('SIGTERM');
    await phone.nextRequest('BYE');
    // The drain now waits for a 200 that never comes; a second signal ends it at once.
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(130);
    expect(cli.stderr()).toContain('SIGINT again, exiting now');
  });

  it('without a second signal, an unanswered BYE still lets the process exit (within the bound)', async () => {
    const { cli, phone } = await inACall();
    phone.answerBye = false;
    const sent = Date.now();
    cli.child.kill('SIGTERM');
    await phone.nextRequest('BYE');
    expect(await cli.exited).toBe(0);
    expect(Date.now() - sent).toBeLessThan(10_000);
    expect(cli.stdout()).toContain('1 call legs did not answer their BYE/CANCEL');
  });
});
