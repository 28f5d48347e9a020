import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import type { Flow, FlowSink } from './flow.ts';
import { listenUdp, type UdpTransport } from './udp-transport.ts';

let udp: UdpTransport | undefined;
afterEach(async () => {
  await udp?.close();
  udp = undefined;
});

function spySink() {
  const received: Buffer[] = [];
  const waits: number[] = [];
  let onWait: (() => void) | undefined;
  const sink: FlowSink = {
    opened: () => {},
    closed: () => {},
    unframeable: () => {},
    received: (_flow: Flow, data: Buffer) => received.push(data),
    queueWait: (ms) => {
      waits.push(ms);
      onWait?.();
    },
  };
  const nextWait = () => new Promise<void>((resolve) => (onWait = resolve));
  return { sink, received, waits, nextWait };
}

describe('UDP transport queue probe', () => {
  it('measures how long datagrams wait in its queue, without handing its probes on as SIP', async () => {
    const spy = spySink();
    const waited = spy.nextWait();
    udp = await listenUdp({ bind: '127.0.0.1', advertise: '127.0.0.1', port: 0, sink: spy.sink });
    await waited;
    expect(spy.waits[0]).toBeGreaterThanOrEqual(0);
    expect(spy.received).toHaveLength(0);
  });

  it('takes a datagram shaped like a probe from anyone else for what it is', async () => {
    const spy = spySink();
    udp = await listenUdp({ bind: '127.0.0.1', advertise: '127.0.0.1', port: 0, sink: spy.sink });
    const client = createSocket('udp4');
    const forged = Buffer.alloc(16);
    forged.writeBigUInt64BE(0x006d632d71776169n, 0);
    forged.writeDoubleBE(0, 8);
    const arrived = new Promise<void>((resolve) => {
      spy.sink.received = (_f, data) => {
        spy.received.push(data);
        resolve();
      };
    });
    client.send(forged, udp.port, '127.0.0.1');
    await arrived;
    client.close();
    expect(spy.received[0]!.equals(forged)).toBe(true);
    expect(spy.waits.every((w) => w < 60_000)).toBe(true);
  });
});

describe('UDP transport peers', () => {
  it('reaches an IPv4 Contact from a dual-stack socket (bound to ::), at its IPv4-mapped address', async () => {
    const spy = spySink();
    udp = await listenUdp({ bind: '::', advertise: '127.0.0.1', port: 0, sink: spy.sink });
    const phone = createSocket('udp4');
    await new Promise<void>((resolve) => phone.bind(0, '127.0.0.1', resolve));
    const heard = new Promise<string>((resolve) => phone.on('message', (m) => resolve(m.toString())));
    const flow = udp.peer('127.0.0.1', phone.address().port);
    expect(flow.send(Buffer.from('OPTIONS sip:x SIP/2.0\r\n\r\n'))).toBe(true);
    expect(await heard).toBe('OPTIONS sip:x SIP/2.0\r\n\r\n');
    expect(flow).toMatchObject({ remote: `127.0.0.1:${phone.address().port}`, source: { ip: '127.0.0.1' } });
    phone.close();
  });
});
