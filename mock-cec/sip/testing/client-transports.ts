/**
 * The SIP transports the real-client suites (baresip.test.ts, linphone.test.ts)
 * run every test over. A transport the simulator gains (TLS) is one more row.
 */
export const CLIENT_TRANSPORTS = ['udp', 'tcp'] as const;

export type ClientTransport = (typeof CLIENT_TRANSPORTS)[number];

/** Agent-to-agent calls across transports: each pair, both ways. */
export const CROSS_TRANSPORTS: readonly (readonly [ClientTransport, ClientTransport])[] =
  CLIENT_TRANSPORTS.flatMap((a) => CLIENT_TRANSPORTS.filter((b) => b !== a).map((b) => [a, b] as const));
