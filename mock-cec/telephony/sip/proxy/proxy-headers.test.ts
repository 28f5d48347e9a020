import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../core/parse-message.ts';
import { SipReadings } from '../core/readings.ts';
import { popOurRoutes } from './proxy-headers.ts';

const request = (routes: readonly string[]) => {
  const parsed = parseMessage(
    `BYE sip:101@10.0.0.9 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.9;branch=z9hG4bK1\r\n${routes
      .map((r) => `Route: ${r}\r\n`)
      .join('')}Call-ID: c\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n`,
  );
  if (!parsed.ok || parsed.message.kind !== 'request') throw new Error('bad fixture');
  return parsed.message;
};

describe('popOurRoutes', () => {
  it('pops our Route values and reads their flows', () => {
    const popped = popOurRoutes(
      request(['<sip:127.0.0.1:5060;lr;mcf=u1~w2>', '<sip:proxy.example;lr>']),
      '127.0.0.1',
    );
    expect(popped.flows).toEqual(['u1', 'w2']);
    expect(popped.req.headers.filter((h) => h.key === 'route').map((h) => h.value)).toEqual([
      '<sip:proxy.example;lr>',
    ]);
  });

  it("pops the same with the proxy's remembered readings as with plain ones", () => {
    const readings = new SipReadings(8);
    const route = fc
      .tuple(
        fc.constantFrom('sip', 'sips', 'tel'),
        fc.constantFrom('127.0.0.1', '127.0.0.2', 'proxy.example', '[::1'),
        fc.constantFrom('', ':5060'),
        fc.constantFrom(';lr;mcf=u1~w2', ';lr;mcf=u1', ';lr;mcf=a~b', ';lr', ''),
        fc.boolean(),
      )
      .map(([s, h, p, x, angle]) => (angle ? `<${s}:${h}${p}${x}>` : `${s}:${h}${p}`));
    fc.assert(
      fc.property(fc.array(route, { maxLength: 3 }), (routes) => {
        const req = request(routes);
        const plain = popOurRoutes(req, '127.0.0.1');
        const remembered = popOurRoutes(req, '127.0.0.1', readings);
        expect(remembered.flows).toEqual(plain.flows);
        expect(remembered.req.headers).toEqual(plain.req.headers);
      }),
      { numRuns: 300 },
    );
  });
});
