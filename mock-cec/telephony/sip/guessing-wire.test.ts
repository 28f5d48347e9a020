import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockCec, startMockCec } from '../../start-mock-cec.ts';
import { UdpPhone } from './testing/udp-phone.ts';

/** The simulator as started has the password-guessing guard on: over real UDP, from a real socket. */
describe('password guessing against the running simulator', () => {
  let cec: MockCec;
  beforeAll(async () => {
    cec = await startMockCec({ tls: false, port: 0, seed: 14, sip: { port: 0 } });
  });
  afterAll(() => cec.close());

  it('refuses the right password after repeated wrong ones from one socket, journals it, and lets another account in', async () => {
    const [victim, other] = cec.sim.tenants()[0]!.config.agents;
    const server = { host: '127.0.0.1', port: cec.sim.endpoints.sipUdpPort! };
    const attacker = await UdpPhone.open(server, victim!);
    const bystander = await UdpPhone.open(server, other!);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push(await attacker.register(`wrong${i}`));
      expect(statuses.slice(0, 9)).toEqual(Array(9).fill(401));
      expect(statuses.at(-1)).toBe(403);
      expect(await attacker.register()).toBe(403);
      expect(await bystander.register()).toBe(200);
      const notes = cec.sim.journal
        .query({ kind: 'sip' })
        .map((e) => (e as { note?: string }).note)
        .filter((n) => n?.startsWith('password guessing'));
      expect(notes[0]).toBe(
        `password guessing: 10 failed digests from 127.0.0.1 for ${victim!.sipAccount}; refused for 30 s`,
      );
    } finally {
      attacker.close();
      bystander.close();
    }
  });
});
