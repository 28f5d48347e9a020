/**
 * The SIP transports the real-client suites (baresip.test.ts, linphone.test.ts)
 * run every test over. TLS is the simulator's TLS listener (`sipTlsPort`) with
 * the development certificate.
 */
export const CLIENT_TRANSPORTS = ['udp', 'tcp', 'tls'] as const;

export type ClientTransport = (typeof CLIENT_TRANSPORTS)[number];

/**
 * Agent-to-agent calls across transports, each way: UDP and TCP, UDP and TLS (a stream to a
 * datagram and back, in the clear and encrypted). TCP and TLS (two streams) are left out to spare
 * the machine two more pairs of phones.
 */
export const CROSS_TRANSPORTS: readonly (readonly [ClientTransport, ClientTransport])[] = [
  ['udp', 'tcp'],
  ['tcp', 'udp'],
  ['tls', 'udp'],
  ['udp', 'tls'],
];
