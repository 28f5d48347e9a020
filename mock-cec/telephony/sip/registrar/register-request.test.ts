import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseUri, uriUser } from '../core/uri.ts';
import { uriKeyOf } from './register-request.ts';

describe('uriKeyOf', () => {
  it('gives the scheme, user, lowercased host and port of any URI, the first time and after', () => {
    const uri = fc
      .record({
        scheme: fc.constantFrom('sip', 'sips', 'SIP'),
        user: fc.option(fc.stringMatching(/^[a-z0-9%]{1,10}$/), { nil: undefined }),
        host: fc.constantFrom('127.0.0.1', 'Example.COM', 'abc.invalid', '[::1]'),
        port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
        params: fc.constantFrom('', ';transport=ws', ';lr;ob'),
      })
      .map(
        (r) =>
          `${r.scheme}:${r.user === undefined ? '' : `${r.user}@`}${r.host}${r.port === undefined ? '' : `:${r.port}`}${r.params}`,
      );
    fc.assert(
      fc.property(fc.oneof(uri, fc.string({ maxLength: 30 })), (text) => {
        const u = parseUri(text);
        const expected =
          u &&
          `${u.scheme}:${u.user !== undefined ? `${uriUser(u)}@` : ''}${u.host}${u.port !== undefined ? `:${u.port}` : ''}`;
        expect(uriKeyOf(text)).toBe(expected);
        expect(uriKeyOf(`x${text}`.slice(1))).toBe(expected);
      }),
    );
  });
});
