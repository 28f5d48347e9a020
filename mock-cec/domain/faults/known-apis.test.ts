import { describe, expect, it } from 'vitest';
import { vendorRoutes } from '../../edges/api/routes.ts';
import { CALLBACK_API } from '../../edges/callback/token-callback.ts';
import { testApp } from '../../testing/test-app.ts';
import { FaultBook } from './fault-book.ts';
import { faultRuleSchema } from './fault-rule.ts';
import { KNOWN_APIS } from './known-apis.ts';

describe('the API names a fault rule may name', () => {
  it('are exactly the routes’ names and the token callback’s', () => {
    const served = new Set([...vendorRoutes.map((r) => r.api), CALLBACK_API]);
    expect(new Set(KNOWN_APIS)).toEqual(served);
  });

  it('refuse an unknown name with the list of known ones', () => {
    const parsed = faultRuleSchema.safeParse({ api: 'TokenByAKSK', action: { do: 'drop' } });
    expect(parsed.success).toBe(false);
    const message = parsed.error?.issues[0]?.message ?? '';
    expect(message).toContain('unknown API "TokenByAKSK"');
    expect(message).toContain('TokenByAkSk, QueryAgentInfo');
    expect(() => new FaultBook().add({ api: 'Nope', action: { do: 'drop' } })).toThrow(/unknown API "Nope"/);
    expect(faultRuleSchema.safeParse({ api: 'TokenByAkSk', action: { do: 'drop' } }).success).toBe(true);
  });

  it('are checked over the control API too: 400 naming the known ones, and no rule added', async () => {
    const t = testApp();
    const res = await t.request('/__mock/faults', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ api: 'QueryAgentInfos', action: { do: 'status', status: 500 } }),
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain(
      'unknown API \\"QueryAgentInfos\\"; known: TokenByAkSk',
    );
    expect(t.sim.faults.size).toBe(0);
  });
});
