import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { knownNameAddr, parseNameAddr } from './name-addr.ts';

const user = fc.stringMatching(/^[a-z0-9]{1,12}$/);
const nameAddr = fc
  .record({
    display: fc.option(fc.stringMatching(/^[A-Za-z ]{0,10}$/), { nil: undefined }),
    quoted: fc.boolean(),
    brackets: fc.boolean(),
    user,
    host: fc.constantFrom('127.0.0.1', 'example.com', 'abc.invalid', '[::1]'),
    port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    params: fc.array(fc.tuple(fc.constantFrom('tag', 'expires', 'q', '+sip.instance', 'x'), user), {
      maxLength: 3,
    }),
  })
  .map((r) => {
    const uri = `sip:${r.user}@${r.host}${r.port === undefined ? '' : `:${r.port}`}`;
    const params = r.params.map(([n, v]) => `;${n}=${v}`).join('');
    const display = r.display === undefined ? '' : r.quoted ? `"${r.display}" ` : `${r.display} `;
    return r.brackets || r.display !== undefined ? `${display}<${uri}>${params}` : `${uri}${params}`;
  });

describe('knownNameAddr', () => {
  it('reads what parseNameAddr reads, the first time and every time after', () => {
    fc.assert(
      fc.property(fc.oneof(nameAddr, fc.string({ maxLength: 40 })), (text) => {
        const plain = parseNameAddr(text);
        expect(knownNameAddr(text)).toEqual(plain);
        // Cut from a larger string, as the parser hands it over: the same reading again.
        const cut = `X${text}`.slice(1);
        expect(knownNameAddr(cut)).toEqual(plain);
      }),
    );
  });

  it('hands out the same reading for the same text (what lets later lookups compare by identity)', () => {
    const a = knownNameAddr(`${'<sip:88000101@127.0.0.1:5061>'}`);
    const b = knownNameAddr(`X<sip:88000101@127.0.0.1:5061>`.slice(1));
    expect(a).toBeDefined();
    expect(b).toBe(a);
    expect(b!.uri).toBe('sip:88000101@127.0.0.1:5061');
  });
});
