import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexOutside, indexOutsideByLoop, parseParams } from './split-values.ts';
import { parseVia } from './via.ts';

/** The plain reading the faster one replaced, to compare with on any input. */
function parseParamsBySplitting(text: string): [string, string | undefined][] {
  const out: [string, string | undefined][] = [];
  let start = 0;
  for (;;) {
    const end = indexOutsideByLoop(text, 0x3b, start);
    const piece = text.slice(start, end < 0 ? text.length : end).trim();
    if (piece !== '') {
      const eq = piece.indexOf('=');
      if (eq < 0) out.push([piece.toLowerCase(), undefined]);
      else out.push([piece.slice(0, eq).trim().toLowerCase(), piece.slice(eq + 1).trim()]);
    }
    if (end < 0) return out;
    start = end + 1;
  }
}

const sipish = fc
  .array(
    fc.constantFrom('a', 'B', ';', ',', '=', '"', '<', '>', '\\', ' ', '\t', '\u00a0', 'tag', 'Branch', 'lr'),
    {
      maxLength: 24,
    },
  )
  .map((parts) => parts.join(''));

describe('list and parameter splitting', () => {
  it('finds separators outside quotes and brackets as a character loop does', () => {
    fc.assert(
      fc.property(sipish, fc.constantFrom(0x2c, 0x3b), fc.nat(6), (value, sep, from) => {
        expect(indexOutside(value, sep, from)).toBe(indexOutsideByLoop(value, sep, from));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads parameters as trimming and splitting pieces does', () => {
    fc.assert(
      fc.property(sipish, (text) => {
        expect(parseParams(text)).toEqual(parseParamsBySplitting(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads the usual Via without a regular expression, as with one', () => {
    const via = parseVia('SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-1;rport');
    expect(via).toEqual({
      transport: 'UDP',
      host: '127.0.0.1',
      port: 5061,
      params: [
        ['branch', 'z9hG4bK-1'],
        ['rport', undefined],
      ],
      branch: 'z9hG4bK-1',
    });
    // The general reading: other spacing and case give the same facts.
    expect(parseVia('sip / 2.0 / udp 127.0.0.1:5061 ;branch=z9hG4bK-1;rport')).toEqual(via);
    expect(parseVia('SIP/2.0/UDP bad host;branch=x')).toBeUndefined();
    expect(parseVia('SIP/2.0/UDP [::1:5060;branch=x')).toBeUndefined();
  });
});
