import { expect, it } from 'vitest';
import type { CustomerBehaviour } from '../calls/customer-calls.ts';
import type { NewEntry } from '../journal/journal.ts';
import { CallBook, HISTORY } from './call-book.ts';

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
