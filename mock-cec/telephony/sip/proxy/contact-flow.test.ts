import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SipReadings } from '../core/readings.ts';
import { parseVia } from '../core/via.ts';
import { contactTarget } from './contact-flow.ts';
import type { FlowInfo } from './flow-info.ts';

const udp: FlowInfo = {
  id: 'u1',
  transport: 'udp',
  reliable: false,
  internal: false,
  local: { host: '127.0.0.1', port: 5060 },
  remote: '127.0.0.1:40000',
  source: { ip: '127.0.0.1', port: 40000 },
};
const via = (params = '') => parseVia(`SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bK1${params}`)!;

describe('contactTarget', () => {
  it('sends to a UDP Contact at another address', () => {
    expect(contactTarget(udp, via(), { uri: 'sip:a@127.0.0.1:40002' })).toEqual({
      ip: '127.0.0.1',
      port: 40002,
    });
    expect(contactTarget(udp, via(), { uri: 'sip:a@127.0.0.2' })).toEqual({ ip: '127.0.0.2', port: 5060 });
    // rport on the same host: the phone listens where its Contact says (sipsak sends from another port).
    expect(contactTarget(udp, via(';rport'), { uri: 'sip:a@127.0.0.1:40002' })).toEqual({
      ip: '127.0.0.1',
      port: 40002,
    });
    const v6 = { ...udp, source: { ip: '::1', port: 40000 } };
    expect(contactTarget(v6, via(), { uri: 'sip:a@[::1]:40002' })).toEqual({ ip: '::1', port: 40002 });
  });

  it('keeps the flow when the Contact is the flow, or the registration asked for it', () => {
    expect(contactTarget(udp, via(), { uri: 'sip:a@127.0.0.1:40000' })).toBeUndefined();
    // rport with a NAT between (the Contact's IP is not the source's): the flow.
    expect(contactTarget(udp, via(';rport'), { uri: 'sip:a@192.168.1.20:5060' })).toBeUndefined();
    expect(contactTarget(udp, via(), { uri: 'sip:a@127.0.0.1:40002;ob' })).toBeUndefined();
    expect(contactTarget(udp, via(), { uri: 'sip:a@127.0.0.1:40002', regId: '1' })).toBeUndefined();
    expect(contactTarget(udp, via(), { uri: 'sip:a@df7jal23ls0d.invalid' })).toBeUndefined();
  });

  it('keeps the flow for a Contact it cannot send to over this socket', () => {
    expect(contactTarget(udp, via(), { uri: 'sip:a@phone.example.com' })).toBeUndefined();
    expect(contactTarget(udp, via(), { uri: 'sip:a@[::1]:40002' })).toBeUndefined();
    expect(contactTarget(udp, via(), { uri: 'sip:a@127.0.0.1:40002;transport=tcp' })).toBeUndefined();
    expect(contactTarget(udp, via(), { uri: 'sips:a@127.0.0.1:40002' })).toBeUndefined();
    expect(
      contactTarget({ ...udp, transport: 'tcp' }, via(), { uri: 'sip:a@127.0.0.1:40002' }),
    ).toBeUndefined();
  });

  it("finds the same target with the proxy's remembered readings as with plain ones", () => {
    const readings = new SipReadings(8);
    const uri = fc
      .tuple(
        fc.constantFrom('sip', 'sips', 'SIP'),
        fc.constantFrom('127.0.0.1', '127.0.0.2', '[::1]', 'x.invalid', 'Host.example'),
        fc.constantFrom('', ':40000', ':40002', ':0'),
        fc.constantFrom('', ';ob', ';transport=tcp', ';transport=UDP'),
      )
      .map(([s, h, p, x]) => `${s}:a@${h}${p}${x}`);
    fc.assert(
      fc.property(uri, fc.constantFrom('', ';rport'), fc.constantFrom(undefined, '1'), (u, params, regId) => {
        const contact = { uri: u, regId };
        expect(contactTarget(udp, via(params), contact, readings)).toEqual(
          contactTarget(udp, via(params), contact),
        );
      }),
      { numRuns: 300 },
    );
  });
});
