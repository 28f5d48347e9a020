import { describe, expect, it } from 'vitest';
import { toNdjson } from '../../mock-cec/infrastructure/journal/journal.ts';
import { parseNdjson } from './read-ndjson.ts';
import { inboundCallJournal } from './testing/inbound-call.ts';

describe('parseNdjson', () => {
  it('reads back what the journal exports, blank lines and CRLF included', () => {
    const { entries } = inboundCallJournal();
    const text = toNdjson(entries).replace(/\n/g, '\r\n');
    expect(parseNdjson(`\n${text}\n\n`)).toEqual({ ok: true, entries });
  });

  it('keeps fields a newer simulator adds', () => {
    const line =
      '{"kind":"event","seq":1,"at":5,"corr":"c","workNo":"101","eventType":"X","content":{"a":1}}';
    expect(parseNdjson(line)).toEqual({ ok: true, entries: [JSON.parse(line)] });
  });

  it('names every bad line and what is wrong with it', () => {
    const good = '{"kind":"control","seq":1,"at":1,"corr":"c","action":"reset"}';
    const text = [
      good,
      '{"kind":"sip","seq":2,"at":1,"corr":"c","direction":"in","transport":"wss","remote":"r"',
      '',
      '[1,2]',
      '{"kind":"telepathy","seq":3,"at":1,"corr":"c"}',
      '{"kind":"sip","seq":4,"at":1,"corr":"c","direction":"sideways","transport":"wss","remote":"r","firstLine":"x"}',
      '{"kind":"event","at":1,"corr":"c","workNo":"1","eventType":"E"}',
      'null',
    ].join('\n');
    const result = parseNdjson(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.line)).toEqual([2, 4, 5, 6, 7, 8]);
    const [json, array, kind, direction, seq, nul] = result.errors.map((e) => e.message);
    expect(json).toMatch(/^not JSON \(/);
    expect(array).toBe('expected a journal entry (a JSON object), got an array');
    expect(kind).toBe(
      'unknown kind "telepathy" (expected http, sip, state, callback, fault, control, media or event)',
    );
    expect(direction).toMatch(/^sip entry: direction: /);
    expect(seq).toBe('event entry: seq: missing (expected number)');
    expect(nul).toBe('expected a journal entry (a JSON object), got null');
  });

  it('stops after a number of errors, so a file that is not a journal does not flood the terminal', () => {
    const result = parseNdjson('x\n'.repeat(1000), 5);
    expect(result.ok || result.errors.length).toBe(5);
  });
});
