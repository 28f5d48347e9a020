import { describe, expect, it } from 'vitest';
import { ByteRing } from './byte-ring.ts';

const bytes = (text: string) => Buffer.from(text, 'latin1');
const text = (b: Buffer | undefined) => b?.toString('latin1');

describe('ByteRing', () => {
  it('gives back what was written while it has not been written over', () => {
    const ring = new ByteRing(10);
    const a = ring.write(bytes('abcd'));
    const b = ring.write(bytes('efg'));
    expect(text(ring.read(a, 4))).toBe('abcd');
    expect(text(ring.read(b, 3))).toBe('efg');
    const c = ring.write(bytes('hijk'));
    // 'hijk' does not fit after 'efg' (7 + 4 > 10): it starts over at 0, over 'abcd'.
    expect(c).toBe(10);
    expect(ring.read(a, 4)).toBeUndefined();
    expect(text(ring.read(b, 3))).toBe('efg');
    expect(text(ring.read(c, 4))).toBe('hijk');
    ring.write(bytes('lmnopq'));
    expect(ring.read(b, 3)).toBeUndefined();
  });

  it('tells how much of it is in use: what was written, at most its size', () => {
    const ring = new ByteRing(10);
    expect(ring.used).toBe(0);
    ring.write(bytes('abcd'));
    expect(ring.used).toBe(4);
    ring.write(bytes('efghijk'));
    expect(ring.used).toBe(10);
  });

  it('tells where a write would go and refuses what cannot fit', () => {
    const ring = new ByteRing(8);
    ring.write(bytes('12345'));
    expect(ring.startFor(3)).toBe(5);
    expect(ring.startFor(4)).toBe(8);
    expect(() => ring.write(Buffer.alloc(9))).toThrow(RangeError);
  });

  it('keeps text as UTF-8 and gives it back, round and round like bytes', () => {
    const ring = new ByteRing(16);
    const first = 'héllo'; // 6 bytes
    const a = ring.writeText(first, Buffer.byteLength(first));
    expect(ring.readText(a, 6)).toBe('héllo');
    const b = ring.writeText('€€€uo', 11);
    expect(b).toBe(16); // 6 + 11 > 16: it starts over, over 'héllo'
    expect(ring.readText(a, 6)).toBeUndefined();
    expect(ring.readText(b, 11)).toBe('€€€uo');
    expect(() => ring.writeText('x'.repeat(17), 17)).toThrow(RangeError);
  });
});
