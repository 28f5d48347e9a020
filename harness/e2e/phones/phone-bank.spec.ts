/**
 * Many OpenEye phones: spread over browser contexts (a renderer holds at most
 * 255 WebSockets), registered a few at a time, each counted only once the
 * registrar confirmed it; closing the bank takes the registrations with it.
 */
import { Cec } from '../../actors/cec.ts';
import { PhoneBank } from '../../actors/phone-bank.ts';
import { waitFor } from '../../actors/wait-for.ts';
import { test } from '../../fixtures.ts';
import { expect } from '../../matchers.ts';

test.use({ stackOptions: { seed: 4701, agents: 12 } });

test('twelve phones, five per context, registered six at a time', async ({
  browser,
  softphoneServer: server,
  deployment,
}) => {
  const cec = new Cec({ url: deployment.cec.url, ca: deployment.cec.ca, tenant: deployment.cec.tenant });
  try {
    const bank = await PhoneBank.open(browser, server, deployment, deployment.users, {
      perContext: 5,
      concurrency: 6,
    });
    expect(bank.contexts).toHaveLength(3);
    const outcomes = await bank.registerAll();
    expect(outcomes).toEqual(deployment.users.map(() => ({ ok: true })));
    const registered = await cec.registrations();
    expect(registered.map((r) => r.sipAccount).sort()).toEqual(
      deployment.users.map((u) => u.sipAccount).sort(),
    );
    expect(new Set(registered.map((r) => r.transport))).toEqual(new Set(['wss']));
    expect(await bank.phoneOf(deployment.users[7]!.workNo)!.registration()).toBe('registered');

    await bank.close();
    const gone = await waitFor(
      () => cec.registrations(),
      (r) => (r.length === 0 ? 'pass' : 'wait'),
      { timeout: 5000 },
    );
    expect(gone.value).toEqual([]);
  } finally {
    await cec.close();
  }
});
