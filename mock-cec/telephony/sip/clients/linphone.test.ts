import { expect, it } from 'vitest';
import { deskPhoneSuite, TIMEOUT } from '../testing/desk-phone-suite.ts';
import { Linphone, linphoneDriver } from '../testing/linphone.ts';

/**
 * Linphone (linphonec 5.1), a desktop softphone nobody here wrote, through the
 * shared desk-phone suite (desk-phone-suite.ts) over UDP, TCP and TLS. Over TLS
 * it does not verify the server: Linphone 5.1 cannot load the development CA
 * (see `verify` in linphone.ts), and its own test here pins that. A refused
 * transfer leaves its call up.
 */
await deskPhoneSuite(linphoneDriver, ({ cec, tenant, home, track }) => {
  it(
    'cannot trust the development CA over TLS: its mbedtls refuses the critical Name Constraints, so it never connects',
    async () => {
      // If a newer Linphone loads the CA, this fails: then run the TLS tests with verification on.
      const agent = tenant('tls').config.agents[8]!;
      const phone = track(
        await Linphone.start({
          dir: await home(agent.sipAccount, 'tls'),
          sipAccount: agent.sipAccount,
          sipPwd: agent.sipPwd,
          host: '127.0.0.1',
          port: cec().sim.endpoints.sipTlsPort!,
          transport: 'tls',
          caFile: cec().cert!.caFile,
          verify: true,
        }),
      );
      await phone.until(
        /Failed to load root ca from .*ca-cert\.pem: X509 - The extension tag or value is invalid/,
        15_000,
        0,
      );
      await phone.until(
        /SSL handshake failed : SSL - No CA Chain is set, but required to operate/,
        15_000,
        0,
      );
      await phone.until(/Cannot connect to \[TLS:\/\/127\.0\.0\.1:\d+\]/, 15_000, 0);
      expect(
        cec()
          .sip!.registrations()
          .filter((r) => r.sipAccount === agent.sipAccount),
      ).toEqual([]);
    },
    TIMEOUT,
  );
});
