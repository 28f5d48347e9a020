import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NonceBook } from './nonce-book.ts';

const book = (secret = 'test-secret') => new NonceBook({ secret: Buffer.from(secret), ttlMs: 300_000 });

describe('NonceBook', () => {
  it('signs a nonce with HMAC-SHA-256 of what precedes its MAC, under the secret, cut to 22 characters', () => {
    const nonce = book().issue(Date.UTC(2026, 0, 1));
    const at = nonce.lastIndexOf('.');
    const expected = createHmac('sha256', Buffer.from('test-secret'))
      .update(nonce.slice(0, at))
      .digest('base64url')
      .slice(0, 22);
    expect(nonce.slice(at + 1)).toBe(expected);
  });

  it('knows a nonce issued long before (past the ones it remembers as issued) by its MAC', () => {
    const nonces = book();
    const first = nonces.issue(1000);
    for (let i = 0; i < 40_000; i++) nonces.issue(1000 + i);
    expect(nonces.check(first, 2000)).toBe('fresh');
    expect(nonces.check(first, 1000 + 300_001)).toBe('stale');
  });

  it('refuses the nonce of another simulator under the serial of one it just issued', () => {
    const ours = book();
    const theirs = book('other-secret');
    ours.issue(1000);
    expect(ours.check(theirs.issue(1000), 1000)).toBe('invalid');
  });

  it('refuses every nonce one character away from one just issued', () => {
    const nonces = book();
    const chars = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_.';
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), fc.nat(), fc.constantFrom(...chars), (now, at, c) => {
        const issued = nonces.issue(now);
        const i = at % issued.length;
        const changed = issued.slice(0, i) + c + issued.slice(i + 1);
        expect(nonces.check(issued, now)).toBe('fresh');
        if (changed !== issued) expect(nonces.check(changed, now)).toBe('invalid');
      }),
    );
  });

  it('tells a recently issued nonce as a fresh book does, whether it remembers it or not', () => {
    // The same secret: a second book knows the first one's nonces only by their MAC.
    const nonces = book();
    const other = book();
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), fc.integer({ min: -400_000, max: 400_000 }), (now, later) => {
        const issued = nonces.issue(now);
        expect(nonces.check(issued, now + later)).toBe(other.check(issued, now + later));
      }),
    );
  });
});
