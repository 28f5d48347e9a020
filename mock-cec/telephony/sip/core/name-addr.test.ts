import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNameAddr, parseNameAddr } from './name-addr.ts';

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

describe('parseNameAddr', () => {
  it('reads back what it wrote of any name-addr it read', () => {
    fc.assert(
      fc.property(nameAddr, (text) => {
        const read = parseNameAddr(text);
        expect(read).toBeDefined();
        expect(parseNameAddr(formatNameAddr(read!))).toEqual(read);
      }),
    );
  });
});
