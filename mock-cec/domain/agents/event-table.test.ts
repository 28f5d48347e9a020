import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EVENT_TYPES } from './event-catalogue.ts';
import { describeShape, eventTableMarkdown, TABLE_END, TABLE_START, withTable } from './event-table.ts';

const doc = join(import.meta.dirname, '../../../docs/vendor/agent-events.md');

describe('the event catalogue, published', () => {
  it('docs/vendor/agent-events.md holds the table generated now (run npm run docs:events after a change)', () => {
    const text = readFileSync(doc, 'utf8');
    const committed = text.slice(text.indexOf(TABLE_START), text.indexOf(TABLE_END) + TABLE_END.length);
    expect(committed).toBe(eventTableMarkdown());
  });

  it('has one row per event type', () => {
    const rows = eventTableMarkdown()
      .split('\n')
      .filter((line) => line.startsWith('| `'));
    expect(rows.map((r) => /^\| `(\w+)`/.exec(r)?.[1])).toEqual(EVENT_TYPES);
  });

  it('describes shapes in one line', () => {
    const shape = z
      .object({ callid: z.string(), phoneState: z.union([z.literal(2), z.literal(3)]) })
      .strict();
    expect(describeShape(shape)).toBe('{callid: string, phoneState: 2 | 3}');
    expect(describeShape(z.enum(['0', '7']))).toBe('"0" | "7"');
    expect(describeShape(z.null())).toBe('null');
  });

  it('replaces only what is between the markers', () => {
    const before = `intro\n${TABLE_START}\nold\n${TABLE_END}\noutro`;
    expect(withTable(before, 'NEW')).toBe('intro\nNEW\noutro');
    expect(withTable('no markers', 'NEW')).toBeUndefined();
  });
});
