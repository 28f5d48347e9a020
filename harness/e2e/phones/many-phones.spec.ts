import { answer, controlClient } from '../../../mock-cec/edges/control/client.ts';
import { seedTenant } from '../../../mock-cec/infrastructure/config/seed-tenant.ts';
import { PhoneBank } from '../../actors/phone-bank.ts';
import { test } from '../../fixtures.ts';
import { runCallRound } from '../../load/call-round.ts';
import { SipControlClient } from '../../load/sip-control-client.ts';
import { expect } from '../../matchers.ts';

/**
 * The load benchmark's machinery, small enough for CI (bench/load.ts runs it
 * at 200 phones): 20 SIP.js phones in two pages of two browser contexts,
 * registered a few at a time and cross-checked with the registrar; then three
 * simultaneous customer calls with real media, answered by the phones, audio
 * proven both ways on each, all hung up and ended. On the worker's simulator
 * (`mockCec`), with a tenant of its own made over the control API.
 */
const PHONES = 20;

test('20 phones register in two contexts; 3 simultaneous calls carry audio both ways', async ({
  browser,
  mockCec,
  softphoneServer: pages,
}) => {
  const admin = controlClient({ url: mockCec.url, ca: mockCec.ca });
  const generated = seedTenant(61, { agents: PHONES });
  const created = await answer(
    () => admin.api.tenants.$post({ json: { seed: 61, tenant: generated } }),
    'POST /tenants',
  );
  const tenant = { id: created.tenantSpaceId, config: created.config };
  const agents = tenant.config.agents;
  const control = new SipControlClient(mockCec.url, mockCec.ca);
  const wsUrl = mockCec.endpoints.sipWsUrl!;
  const half = PHONES / 2;
  const bank = await PhoneBank.prepare(browser, pages, PHONES, { perContext: half });
  try {
    const fleets = bank.fleets;
    expect(fleets).toHaveLength(2);
    const outcomes = await Promise.all(
      fleets.map((fleet, f) =>
        fleet.register(
          agents.slice(f * half, (f + 1) * half).map((a) => ({
            name: a.sipAccount,
            options: {
              wsUrl,
              sipAccount: a.sipAccount,
              sipPwd: a.sipPwd,
              domain: '127.0.0.1',
            },
          })),
          { concurrency: 4, timeoutMs: 10_000 },
        ),
      ),
    );
    expect(outcomes.flat().filter((o) => !o.ok)).toEqual([]);
    const registered = await control.registrations(tenant.id);
    expect(registered.ok && registered.value.map((r) => r.sipAccount).sort()).toEqual(
      agents.map((a) => a.sipAccount).sort(),
    );

    // One call to a phone of the first page, two to the second: both pages answer at once.
    const targets = [agents[0]!, agents[half]!, agents[PHONES - 1]!].map((a, i) => ({
      sipAccount: a.sipAccount,
      fleet: fleets[i === 0 ? 0 : 1]!,
    }));
    const round = await runCallRound({ control, tenant: tenant.id, targets, holdMs: 0 });
    expect(round.failures).toEqual([]);
    expect(round).toMatchObject({ calls: 3, answered: 3, audioProven: 3, ended: 3 });
    expect(round.setupMs).toHaveLength(3);
    const legs = await control.legs(tenant.id);
    expect(legs.ok && legs.value.map((l) => l.endReason)).toEqual([
      'customer-hangup',
      'customer-hangup',
      'customer-hangup',
    ]);
  } finally {
    await bank.close();
    await control.close();
    await answer(
      () => admin.api.tenants[':id'].$delete({ param: { id: tenant.id } }),
      'DELETE /tenants/{id}',
    );
    await admin.close();
  }
});
