import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The malformed (and tortuous but valid) messages in `core/fixtures/torture`,
 * our own cases in the spirit of RFC 4475. The files are readable text:
 * lines end in CRLF unless marked `<LF>` (a bare LF) or `<NOEOL>` (none);
 * `<xHH>` is one byte; `Content-Length: <auto>` gets the body's length.
 * Leading `# ` lines say what the case is and what is expected of it.
 */
export interface TortureCase {
  name: string;
  description: string;
  /** "ok", "parse:<code>" or "facts:<code>". */
  expect: string;
  /** What a server answers: a status, "handled", or "none" (dropped). */
  answer: string;
  bytes: Buffer;
}

const dir = join(import.meta.dirname, '..', 'core', 'fixtures', 'torture');

export function tortureCorpus(): TortureCase[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sip'))
    .sort()
    .map((file) => decode(file.replace(/\.sip$/, ''), readFileSync(join(dir, file), 'utf8')));
}

function decode(name: string, text: string): TortureCase {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const meta: Record<string, string> = {};
  let description = '';
  while (lines[0]?.startsWith('# ')) {
    const line = lines.shift()!.slice(2);
    const m = /^(expect|answer): (.*)$/.exec(line);
    if (m) meta[m[1]!] = m[2]!;
    else description = line;
  }
  const parts: Buffer[] = [];
  for (const line of lines) {
    let body = line;
    let ending = '\r\n';
    if (body.endsWith('<LF>')) {
      body = body.slice(0, -4);
      ending = '\n';
    } else if (body.endsWith('<NOEOL>')) {
      body = body.slice(0, -7);
      ending = '';
    }
    parts.push(bytesOf(body), Buffer.from(ending, 'latin1'));
  }
  let bytes = Buffer.concat(parts);
  const auto = bytes.indexOf('<auto>');
  if (auto >= 0) {
    const blank = bytes.indexOf('\r\n\r\n');
    const length = blank < 0 ? 0 : bytes.length - (blank + 4);
    bytes = Buffer.concat([bytes.subarray(0, auto), Buffer.from(String(length)), bytes.subarray(auto + 6)]);
  }
  return { name, description, expect: meta.expect ?? 'ok', answer: meta.answer ?? 'handled', bytes };
}

/** Text with `<xHH>` escapes → bytes (the text itself as UTF-8). */
function bytesOf(text: string): Buffer {
  const out: Buffer[] = [];
  let last = 0;
  for (const m of text.matchAll(/<x([0-9a-fA-F]{2})>/g)) {
    out.push(Buffer.from(text.slice(last, m.index), 'utf8'), Buffer.from([Number.parseInt(m[1]!, 16)]));
    last = m.index + m[0].length;
  }
  out.push(Buffer.from(text.slice(last), 'utf8'));
  return Buffer.concat(out);
}
