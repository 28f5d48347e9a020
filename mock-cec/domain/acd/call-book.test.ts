import { expect, it } from 'vitest';
import type { NewEntry } from '../../infrastructure/journal/journal.ts';
import type { CustomerBehaviour } from '../calls/customer-calls.ts';
import { CallBook, HISTORY } from './call-book.ts';
import { hold, takeBack } from './call-model.ts';

const behaviour: CustomerBehaviour = { answer: 'answer', source: { kind: 'tone' }, mode: 'both' };
const parties = { skillId: 1, customer: '5551234', caller: '5551234', called: '800' };

it(`keeps the newest ${HISTORY} ended calls and every live one, however many calls end`, () => {
  const journal: NewEntry[] = [];
  let now = Date.UTC(2026, 0, 1);
  const book = new CallBook({ tenant: 't', now: () => now, append: (e) => journal.push(e) });
  const waiting = book.create('inbound', parties, behaviour);
  book.enqueue(waiting);
  const ended: string[] = [];
  for (let i = 0; i < HISTORY + 50; i++) {
    now += 1000;
    const call = book.create('inbound', parties, behaviour);
    book.enqueue(call);
    book.end(call, 'abandoned', `c${i}`);
    ended.push(call.id);
  }
  expect(book.list()).toHaveLength(HISTORY + 1);
  expect(book.get(waiting.id)?.state).toBe('queued');
  expect(book.queued()).toEqual([waiting]);
  expect(book.get(ended[49]!)).toBeUndefined();
  expect(book.get(ended[50]!)?.endReason).toBe('abandoned');
  expect(book.get(ended.at(-1)!)?.state).toBe('ended');
});

it('changes a call only through named operations, journaling each party the call model moved', () => {
  const journal: NewEntry[] = [];
  const book = new CallBook({ tenant: 't', now: () => 1_000, append: (e) => journal.push(e) });
  const call = book.create('inbound', parties, behaviour);
  book.opened(call, 'c0');
  book.enqueue(call);
  book.offered(call, 101, 'c1');
  book.agentAnswered(call, 101, 'c2');
  expect(call).toMatchObject({ state: 'talking', agent: 101, offers: 1, answeredAt: 1_000 });
  const refused = book.apply(call, (m) => takeBack(m, 'agent 101'), 'c3');
  expect(refused).toEqual({ ok: false, problem: { code: 'holds-nobody', party: 'agent 101' } });
  expect(book.apply(call, (m) => hold(m, 'agent 101'), 'c4', 'hold')).toMatchObject({ ok: true });
  expect(call.model.parties.find((p) => p.id === 'customer')).toMatchObject({ state: 'held' });
  book.end(call, 'agent-hangup', 'c5');
  const lines = journal.flatMap((e) =>
    e.kind === 'state' ? [`${e.corr} ${e.entity} ${e.id}: ${e.from ?? '∅'} → ${e.to}`] : [],
  );
  const id = call.id;
  expect(lines).toEqual([
    `c0 call ${id}: ∅ → queued`,
    `c1 call ${id}: queued → offering`,
    `c1 party ${id} agent 101: ∅ → alerting toward customer`,
    `c2 party ${id} customer: waiting → talking in b1`,
    `c2 party ${id} agent 101: alerting toward customer → talking in b1`,
    `c2 call ${id}: offering → talking`,
    `c4 party ${id} customer: talking in b1 → held by agent 101`,
    `c5 party ${id} customer: held by agent 101 → gone`,
    `c5 party ${id} agent 101: talking in b1 → gone`,
    `c5 call ${id}: talking → ended`,
  ]);
});
