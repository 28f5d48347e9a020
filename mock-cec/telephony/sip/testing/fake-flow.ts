import type { Flow } from '../transports/flow.ts';

/** A UDP flow with no socket behind it: what is sent on it goes to `send`. For tests and the hot-path bench. */
export function fakeUdpFlow(send: (bytes: Buffer) => void = () => {}, id = 'u1'): Flow {
  return {
    id,
    transport: 'udp',
    reliable: false,
    internal: false,
    local: { host: '127.0.0.1', port: 5060 },
    remote: '127.0.0.1:5062',
    send: (bytes) => {
      send(bytes);
      return true;
    },
    close: () => {},
  };
}
