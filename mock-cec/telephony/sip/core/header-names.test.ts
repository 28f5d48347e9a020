import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalName,
  headerKey,
  plainCanonicalName,
  plainHeaderKey,
  spelledFromTable,
  writtenNames,
} from './header-names.ts';

/** Names as clients and we write them, compact forms, and odd ones. */
const names = [
  'Via',
  'v',
  'V',
  'Call-ID',
  'call-id',
  'CALL-ID',
  'i',
  'CSeq',
  'cseq',
  'WWW-Authenticate',
  'www-authenticate',
  'Www-Authenticate',
  'Content-Length',
  'l',
  'Retry-After',
  'X-Custom',
  'MIME-Version',
  'Target-Dialog',
];

describe('headerKey', () => {
  it('reads the common names from its table as the rule reads them, in any case', () => {
    const anyCase = fc
      .tuple(fc.constantFrom(...names), fc.array(fc.boolean(), { maxLength: 20 }))
      .map(([n, ups]) => [...n].map((c, i) => (ups[i] ? c.toUpperCase() : c.toLowerCase())).join(''));
    const token = fc.stringMatching(/^[A-Za-z0-9\-.!%*_+`'~]{1,20}$/);
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...names), anyCase, token), (name) => {
        expect(headerKey(name)).toBe(plainHeaderKey(name));
      }),
      { numRuns: 2000 },
    );
  });

  it('expands compact forms and lowercases the rest', () => {
    expect(headerKey('v')).toBe('via');
    expect(headerKey('VIA')).toBe('via');
    expect(headerKey('Call-ID')).toBe('call-id');
    expect(headerKey('X-Custom')).toBe('x-custom');
    expect(canonicalName(headerKey('www-authenticate'))).toBe('WWW-Authenticate');
  });
});

describe('canonicalName', () => {
  it('spells every key from its table as the rule spells it', () => {
    const key = fc.oneof(
      fc.constantFrom(...names, ...writtenNames).map((n) => headerKey(n)),
      fc.stringMatching(/^[a-z0-9\-.!%*_+`'~]{1,20}$/),
    );
    fc.assert(
      fc.property(key, (k) => {
        expect(canonicalName(k)).toBe(plainCanonicalName(k));
      }),
      { numRuns: 2000 },
    );
  });

  it('has the headers we write in its table, Retry-After of every 503 when shedding among them', () => {
    for (const name of ['Retry-After', 'Warning', 'Unsupported', 'Accept', 'Min-Expires', 'Reason']) {
      expect(spelledFromTable(headerKey(name)), name).toBe(true);
      expect(canonicalName(headerKey(name))).toBe(name);
    }
    expect(canonicalName('x-custom')).toBe('X-Custom');
  });
});
