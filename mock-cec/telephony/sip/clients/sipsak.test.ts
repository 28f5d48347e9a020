import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockCec, startMockCec } from '../../../start-mock-cec.ts';
import { call, registered } from '../testing/phone-calls.ts';
import { tcpClient, udpClient } from '../testing/socket-clients.ts';

/**
 * sipsak, a real and unusual client: it sends from one UDP port and listens
 * on another (its `-l` port, which its Via and Contact name), with `rport` in
 * its Via, and its digest username is `user@` (Kamailio reads the part
 * before `@`). Its REGISTER must succeed, and a call to its number must ring
 * at its Contact, not at the port the REGISTER came from (RFC 3261 §10.3;
 * rport asks for answers to go back, not requests: RFC 3581). sipsak's own
 * invite mode (`-U -I`) crashes in Debian's 0.9.8.1 after registering (a
 * sprintf into a NULL buffer), so the listening side is a socket of the test
 * bound to the Contact port once sipsak has registered and exited.
 */
const SIPSAK = '/usr/bin/sipsak';
let cec: MockCec;

beforeAll(async () => {
  cec = await startMockCec({ port: 0, tls: false, seed: 29, sip: { port: 0 } });
});
afterAll(async () => {
  await cec?.close();
});

/** A UDP port free now (sipsak binds it with -l). */
async function freePort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  const port = s.address().port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

function sipsak(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(SIPSAK, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe.skipIf(!existsSync(SIPSAK))('sipsak', () => {
  it('registers with digest, and a call to it rings at its Contact port', async () => {
    const [caller, agent] = cec.sim.tenants()[0]!.config.agents;
    const listen = await freePort();
    const run = await sipsak([
      '-U',
      '-x',
      '300',
      '-l',
      String(listen),
      '-s',
      `sip:${agent!.sipAccount}@127.0.0.1`,
      '-r',
      String(cec.sim.endpoints.sipUdpPort),
      '-a',
      agent!.sipPwd,
      '-vv',
    ]);
    expect(run.code, run.out).toBe(0);
    const [binding] = cec.sip!.registrations().filter((r) => r.sipAccount === agent!.sipAccount);
    expect(binding).toMatchObject({
      transport: 'udp',
      contact: `sip:${agent!.sipAccount}@127.0.0.1:${listen}`,
    });
    // Requests for it go to where it listens, not to the port its REGISTER came from.
    expect(binding!.remote).toBe(`127.0.0.1:${listen}`);

    const phone = await udpClient(cec.sim.endpoints.sipUdpPort!, '127.0.0.1', listen);
    const from = await tcpClient(cec.sim.endpoints.sipUdpPort!);
    await registered(from, caller!, 'TCP');
    const invite = await call(from, caller!, agent!, phone);
    expect(invite.kind === 'request' && invite.uri).toBe(`sip:${agent!.sipAccount}@127.0.0.1:${listen}`);
    await Promise.all([phone.close(), from.close()]);
  });
});
