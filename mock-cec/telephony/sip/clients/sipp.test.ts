import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SipEntry } from '../../../infrastructure/journal/journal.ts';
import { type MockCec, startMockCec } from '../../../start-mock-cec.ts';
import { runSipp, sippInstalled } from '../testing/run-sipp.ts';

/** sipp, a real and strict client, over UDP: digest registration and the proxy's 407. */
let cec: MockCec;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mock-cec-sipp-'));
  cec = await startMockCec({ port: 0, tls: false, seed: 13, sip: { port: 0 } });
});
afterAll(async () => {
  await cec?.close();
  await rm(dir, { recursive: true, force: true });
});

const errors = async (name: string) => readFile(join(dir, `${name}-errors.log`), 'utf8').catch(() => '');

describe.skipIf(!sippInstalled)('sipp over UDP', () => {
  it('registers every agent with digest', async () => {
    const agents = cec.sim.tenants()[0]!.config.agents;
    const run = await runSipp({
      scenario: 'register',
      target: `127.0.0.1:${cec.sim.endpoints.sipUdpPort}`,
      rows: agents.map(
        (a) => `${a.sipAccount};[authentication username=${a.sipAccount} password=${a.sipPwd}]`,
      ),
      dir,
      calls: agents.length,
    });
    expect(run.code, `${run.stderr}\n${await errors('register')}`).toBe(0);
    expect(
      cec
        .sip!.registrations()
        .map((r) => r.sipAccount)
        .sort(),
    ).toEqual(agents.map((a) => a.sipAccount).sort());
    expect(cec.sip!.registrations().every((r) => r.transport === 'udp' && r.userAgent === 'sipp')).toBe(true);
  });

  it('fails to register with a wrong password', async () => {
    const a = cec.sim.tenants()[0]!.config.agents[0]!;
    const run = await runSipp({
      scenario: 'register',
      target: `127.0.0.1:${cec.sim.endpoints.sipUdpPort}`,
      rows: [`${a.sipAccount};[authentication username=${a.sipAccount} password=wrong]`],
      dir,
      calls: 1,
      timeoutSec: 5,
    });
    expect(run.code).not.toBe(0);
  });

  it('authenticates an INVITE with the proxy and hears 480 for an unregistered softphone', async () => {
    const [caller, callee] = cec.sim.tenants()[0]!.config.agents;
    cec.sim.tenants()[0]!.reset();
    const run = await runSipp({
      scenario: 'invite-unavailable',
      target: `127.0.0.1:${cec.sim.endpoints.sipUdpPort}`,
      rows: [
        `${caller!.sipAccount};[authentication username=${caller!.sipAccount} password=${caller!.sipPwd}];${callee!.sipAccount}`,
      ],
      dir,
      calls: 1,
    });
    expect(run.code, `${run.stderr}\n${await errors('invite-unavailable')}`).toBe(0);
    const lines = (cec.sim.journal.query({ kind: 'sip' }) as SipEntry[])
      .filter((e) => e.cseq?.endsWith('INVITE') || e.cseq?.endsWith('ACK'))
      .map((e) => `${e.direction} ${e.firstLine.split(' ').slice(0, 2).join(' ')} ${e.note ?? ''}`.trim());
    expect(lines).toEqual([
      `in INVITE sip:${callee!.sipAccount}@127.0.0.1:${cec.sim.endpoints.sipUdpPort}`,
      'out SIP/2.0 100',
      'out SIP/2.0 407 no-credentials',
      `in ACK sip:${callee!.sipAccount}@127.0.0.1:${cec.sim.endpoints.sipUdpPort} ACK absorbed`,
      `in INVITE sip:${callee!.sipAccount}@127.0.0.1:${cec.sim.endpoints.sipUdpPort}`,
      'out SIP/2.0 100',
      `out SIP/2.0 480 softphone ${callee!.sipAccount} is not registered`,
      `in ACK sip:${callee!.sipAccount}@127.0.0.1:${cec.sim.endpoints.sipUdpPort} ACK absorbed`,
    ]);
  });
});
