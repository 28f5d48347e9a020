import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainUdpPeers, UdpPeers } from './udp-peers.ts';

describe('UdpPeers', () => {
  it('answers every datagram with the flow the plain table gives, forgetting the same peers', () => {
    const datagram = fc.tuple(
      fc.constantFrom('127.0.0.1', '127.0.0.2', '::1', '::ffff:127.0.0.1'),
      fc.constantFrom(5060, 40000, 40001),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(datagram, { maxLength: 60 }),
        (maxPeers, datagrams) => {
          // Each side's flows are numbered as made: the same numbers mean the same flows made at the same times.
          let madeFast = 0;
          let madePlain = 0;
          const fast = new UdpPeers(maxPeers, (a, p, remote) => ({ n: madeFast++, a, p, remote }));
          const plain = plainUdpPeers(maxPeers, (a, p, remote) => ({ n: madePlain++, a, p, remote }));
          for (const [address, port] of datagrams) {
            // A fresh string each time, as node gives each datagram's address.
            const fresh = `x${address}`.slice(1);
            expect(fast.get(fresh, port)).toEqual(plain.get(address, port));
          }
          expect(madeFast).toBe(madePlain);
        },
      ),
      { numRuns: 500 },
    );
  });
});
