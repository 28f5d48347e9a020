import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PayloadRing } from './payload-ring.ts';

const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);

describe('PayloadRing', () => {
  it('keeps each payload as a view on its one buffer, not a copy of its own', () => {
    const ring = new PayloadRing(4, 3);
    const a = ring.hold(bytes(4, 1));
    const b = ring.hold(bytes(2, 2));
    expect([...a]).toEqual([1, 1, 1, 1]);
    expect([...b]).toEqual([2, 2]);
    expect(a.buffer).toBe(b.buffer);
  });

  it('writes a slot again only after every other slot was taken', () => {
    const ring = new PayloadRing(2, 3);
    const first = ring.hold(bytes(2, 1));
    ring.hold(bytes(2, 2));
    ring.hold(bytes(2, 3));
    expect([...first]).toEqual([1, 1]);
    ring.hold(bytes(2, 4));
    expect([...first]).toEqual([4, 4]);
  });

  it('has as many slots as werift keeps sent packets, by default', () => {
    // werift does not export its history's size: read it where it is set, so that an upgrade that changes it fails here.
    const sender = join(dirname(createRequire(import.meta.url).resolve('werift')), 'media', 'rtpSender.js');
    const history = /const RTP_HISTORY_SIZE = (\d+);/.exec(readFileSync(sender, 'utf8'))?.[1];
    expect(new PayloadRing(160).slots).toBe(Number(history));
  });

  it('copies a payload larger than a slot apart, so a lent buffer written again does not change it, and leaves the slots untouched', () => {
    const ring = new PayloadRing(2, 2);
    const big = bytes(5, 9);
    const held = ring.hold(big);
    big.fill(1);
    expect([...held]).toEqual([9, 9, 9, 9, 9]);
    expect([...ring.hold(bytes(2, 7))]).toEqual([7, 7]);
  });
});
