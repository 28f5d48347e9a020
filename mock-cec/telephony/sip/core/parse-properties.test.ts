import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tortureCorpus } from '../testing/torture-corpus.ts';
import { headerValues, removeFirstValue, setHeader } from './message.ts';
import { requestFacts, responseFacts } from './message-facts.ts';
import { parseMessage } from './parse-message.ts';
import { serialize } from './serialize.ts';
import { splitList } from './split-values.ts';
import { StreamFramer } from './stream-framer.ts';

/** Properties over generated messages: the parser never throws and round-trips what it reads. */

const token = fc.stringMatching(/^[A-Za-z0-9\-.!%*_+`'~]{1,12}$/);
const safeText = fc.stringMatching(/^[A-Za-z0-9 ;=@:<>."/,_-]{0,40}$/).map((s) => s.trim());
const headerName = fc.oneof(
  fc.constantFrom('Via', 'v', 'From', 'f', 'To', 't', 'Call-ID', 'i', 'CSeq', 'Contact', 'm', 'Subject', 's'),
  token.map((t) => `X-${t}`),
);
const lineEnd = fc.constantFrom('\r\n', '\r\n', '\r\n', '\n');

/** A syntactically valid message as text, with optional folding, bare LFs and a body framed by Content-Length. */
const validMessage = fc
  .record({
    request: fc.boolean(),
    method: token,
    user: fc.stringMatching(/^[a-z0-9]{1,10}$/),
    status: fc.integer({ min: 100, max: 699 }),
    reason: safeText,
    headers: fc.array(fc.record({ name: headerName, value: safeText, fold: fc.boolean(), end: lineEnd }), {
      maxLength: 12,
    }),
    body: fc.uint8Array({ maxLength: 200 }),
    end: lineEnd,
  })
  .map((g) => {
    let head = g.request
      ? `${g.method} sip:${g.user}@example.com SIP/2.0${g.end}`
      : `SIP/2.0 ${g.status} ${g.reason}${g.end}`;
    for (const h of g.headers) {
      const [a, b] =
        h.fold && h.value.includes(' ')
          ? [h.value.slice(0, h.value.indexOf(' ')), h.value.slice(h.value.indexOf(' ') + 1)]
          : [h.value, undefined];
      head +=
        b !== undefined && b !== ''
          ? `${h.name}: ${a}${h.end} ${b}${h.end}`
          : `${h.name}: ${h.value}${h.end}`;
    }
    head += `Content-Length: ${g.body.length}${g.end}${g.end}`;
    return Buffer.concat([Buffer.from(head, 'utf8'), Buffer.from(g.body)]);
  });

function noThrow(bytes: Buffer): void {
  const parsed = parseMessage(bytes);
  if (!parsed.ok) return;
  const m = parsed.message;
  if (m.kind === 'request') requestFacts(m);
  else responseFacts(m);
  serialize(m);
}

describe('parser properties', () => {
  it('round-trips every valid message byte for byte', () => {
    fc.assert(
      fc.property(validMessage, (bytes) => {
        const parsed = parseMessage(bytes);
        expect(parsed.ok).toBe(true);
        if (parsed.ok) expect(serialize(parsed.message).equals(bytes)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('writes anew only the header it edited', () => {
    fc.assert(
      fc.property(validMessage, safeText, (bytes, value) => {
        const parsed = parseMessage(bytes);
        if (!parsed.ok) return;
        const edited = serialize(setHeader(parsed.message, 'x-edited', value || 'v')).toString('latin1');
        for (const h of parsed.message.headers) expect(edited).toContain(h.raw);
        const again = parseMessage(Buffer.from(edited, 'latin1'));
        expect(again.ok && again.message.body.equals(parsed.message.body)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (b) => noThrow(Buffer.from(b))),
      { numRuns: 3000 },
    );
  });

  it('never throws on mutations of the torture corpus', () => {
    const seeds = tortureCorpus().map((c) => c.bytes);
    const mutated = fc
      .record({
        seed: fc.constantFrom(...seeds),
        edits: fc.array(
          fc.record({
            at: fc.nat(),
            kind: fc.constantFrom('flip', 'insert', 'delete', 'cut'),
            byte: fc.integer({ min: 0, max: 255 }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
      })
      .map(({ seed, edits }) => {
        let b = Buffer.from(seed);
        for (const e of edits) {
          const at = b.length === 0 ? 0 : e.at % b.length;
          if (e.kind === 'flip') b[at] = e.byte;
          else if (e.kind === 'insert')
            b = Buffer.concat([b.subarray(0, at), Buffer.from([e.byte]), b.subarray(at)]);
          else if (e.kind === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1)]);
          else b = b.subarray(0, at);
        }
        return b;
      });
    fc.assert(fc.property(mutated, noThrow), { numRuns: 3000 });
  });

  it('splits comma lists the way they were joined', () => {
    const item = fc.stringMatching(/^[a-z0-9;=.:@]{1,10}$/).map((s) => `<sip:${s}>;q="a,b"`);
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 6 }), (items) => {
        expect(splitList(items.join(' ,  '))).toEqual(items);
      }),
    );
  });

  it('removes only the first of comma-joined values', () => {
    const r = parseMessage(
      'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/WSS b.invalid;branch=z9hG4bK2\r\nv: SIP/2.0/UDP c\r\n\r\n',
    );
    if (!r.ok) throw new Error(r.error.detail);
    const m = removeFirstValue(r.message, 'via');
    expect(headerValues(m, 'via')).toEqual(['SIP/2.0/WSS b.invalid;branch=z9hG4bK2', 'SIP/2.0/UDP c']);
    expect(serialize(m).toString()).toContain('\r\nv: SIP/2.0/UDP c\r\n');
  });
});

describe('StreamFramer', () => {
  it('finds the same messages however the stream is cut', () => {
    fc.assert(
      fc.property(
        fc.array(validMessage, { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (messages, cuts) => {
          // Streams need CRLF line ends for the framer's CRLFCRLF; keep those messages only.
          const crlfOnly = messages.filter(
            (m) => !/(^|[^\r])\n/.test(m.toString('latin1').split('\r\n\r\n')[0]!),
          );
          const stream = Buffer.concat(crlfOnly.flatMap((m) => [Buffer.from('\r\n'), m]));
          const points = [...new Set(cuts.map((c) => (stream.length === 0 ? 0 : c % stream.length)))].sort(
            (a, b) => a - b,
          );
          const framer = new StreamFramer();
          const got: Buffer[] = [];
          let last = 0;
          for (const p of [...points, stream.length]) {
            for (const f of framer.push(stream.subarray(last, p)))
              if (f.kind === 'message') got.push(f.bytes);
            last = p;
          }
          expect(got.map((b) => b.toString('latin1'))).toEqual(crlfOnly.map((b) => b.toString('latin1')));
          expect(framer.pending).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reports keep-alive pings and refuses a stream it cannot frame', () => {
    const framer = new StreamFramer({ maxHeadBytes: 100, maxBodyBytes: 10 });
    expect(framer.push(Buffer.from('\r\n\r\n'))).toEqual([{ kind: 'ping' }]);
    const frames = framer.push(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nVia: x\r\n\r\n'));
    expect(frames).toMatchObject([{ kind: 'error', error: { code: 'bad-content-length' } }]);
    expect(framer.push(Buffer.from('more'))).toEqual([]);
    const big = new StreamFramer({ maxHeadBytes: 100, maxBodyBytes: 10 });
    expect(big.push(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nl: 11\r\n\r\n'))).toMatchObject([
      { kind: 'error', error: { code: 'too-large' } },
    ]);
    expect(
      new StreamFramer({ maxHeadBytes: 10, maxBodyBytes: 10 }).push(Buffer.alloc(20, 0x41)),
    ).toMatchObject([{ kind: 'error', error: { code: 'too-large' } }]);
  });
});
