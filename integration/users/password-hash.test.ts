import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword } from './password-hash.ts';

const cheap = { log2N: 10, r: 8, p: 1 };

describe('scrypt password hashes', () => {
  it('verifies the password and nothing else, with a salt of its own each time', async () => {
    const a = await hashPassword('Desk-Demo-2026', cheap);
    const b = await hashPassword('Desk-Demo-2026', cheap);
    expect(a).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('Desk-Demo-2026', a)).toBe(true);
    expect(await verifyPassword('desk-demo-2026', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('treats canonically equal Unicode as the same password', async () => {
    const composed = 'Caf\u00e9-Latte-2026';
    const decomposed = 'Cafe\u0301-Latte-2026';
    expect(await verifyPassword(decomposed, await hashPassword(composed, cheap))).toBe(true);
  });

  it('matches nothing against a malformed hash', async () => {
    expect(await verifyPassword('x', 'plaintext')).toBe(false);
    expect(await verifyPassword('x', '$scrypt$ln=10,r=8,p=1$AAAA$')).toBe(false);
  });

  it('asks for a rehash when the cost changed', async () => {
    const h = await hashPassword('Desk-Demo-2026', cheap);
    expect(needsRehash(h, cheap)).toBe(false);
    expect(needsRehash(h, { ...cheap, log2N: 15 })).toBe(true);
  });
});
