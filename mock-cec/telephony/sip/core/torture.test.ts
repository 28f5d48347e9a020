import { describe, expect, it } from 'vitest';
import { tortureCorpus } from '../testing/torture-corpus.ts';
import { type MessageFacts, requestFacts, responseFacts } from './message-facts.ts';
import type { ParseResult } from './parse-error.ts';
import { parseMessage } from './parse-message.ts';
import { serialize } from './serialize.ts';

const corpus = tortureCorpus();

function outcome(bytes: Buffer): string {
  const parsed = parseMessage(bytes);
  if (!parsed.ok) return `parse:${parsed.error.code}`;
  const m = parsed.message;
  const facts: ParseResult<MessageFacts> = m.kind === 'request' ? requestFacts(m) : responseFacts(m);
  return facts.ok ? 'ok' : `facts:${facts.error.code}`;
}

describe('the torture corpus (RFC 4475 in spirit)', () => {
  it('has cases of both kinds', () => {
    expect(corpus.filter((c) => c.expect === 'ok').length).toBeGreaterThanOrEqual(12);
    expect(corpus.filter((c) => c.expect !== 'ok').length).toBeGreaterThanOrEqual(20);
  });

  it.each(corpus.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(outcome(c.bytes)).toBe(c.expect);
  });

  it.each(corpus.filter((c) => c.expect === 'ok').map((c) => [c.name, c] as const))(
    '%s serialises back to the same bytes',
    (_name, c) => {
      const parsed = parseMessage(c.bytes);
      if (!parsed.ok) throw new Error(parsed.error.detail);
      const again = serialize(parsed.message);
      // Leading CRLFs and bytes beyond Content-Length are not part of the message.
      const start = c.bytes.findIndex((b) => b !== 0x0d && b !== 0x0a);
      expect(again.toString('latin1')).toBe(c.bytes.subarray(start, start + again.length).toString('latin1'));
    },
  );

  it('keeps what it could read of a malformed request, for the 400', () => {
    for (const c of corpus.filter((x) => x.answer === '400' || x.answer === '505')) {
      const parsed = parseMessage(c.bytes);
      const partial = parsed.ok ? parsed.message : parsed.error.partial;
      expect(partial?.kind, c.name).toBe('request');
    }
  });
});
