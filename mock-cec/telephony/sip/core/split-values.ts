/**
 * Splitting header values at the separators that matter, but never inside a
 * quoted-string (RFC 3261 §25.1: `"..."` with `\` escapes) or a `<...>`
 * URI (whose parameters and headers may hold `,` and `;`). Hand-written: it is
 * the one place every header parser below leans on.
 */

/**
 * Where the first `sep` (a character code) at or after `from` stands outside
 * quotes and angle brackets, or -1. Every header read below starts here.
 */
export function indexOutside(value: string, sep: number, from = 0): number {
  // By native searches, jumping over quoted strings: a loop over characters costs 2-4 ns each
  // on V8 (more on the sliced strings header values are), and Authorization values are long.
  const sepChar = String.fromCharCode(sep);
  let i = from;
  for (;;) {
    const at = value.indexOf(sepChar, i);
    const quote = value.indexOf('"', i);
    const angle = value.indexOf('<', i);
    if ((quote < 0 || (at >= 0 && quote > at)) && (angle < 0 || (at >= 0 && angle > at))) return at;
    // Angle brackets (rare here) hold quotes of their own: the character loop, from outside any.
    if (quote < 0 || (angle >= 0 && angle < quote)) return indexOutsideByLoop(value, sep, angle);
    i = closingQuote(value, quote + 1) + 1;
    if (i === 0) return -1;
  }
}

/** The quote closing a quoted string whose text starts at `from` (RFC 3261 §25.1 quoted-pair skipped); -1 if none. */
function closingQuote(value: string, from: number): number {
  let i = from;
  for (;;) {
    const quote = value.indexOf('"', i);
    if (quote < 0) return -1;
    const backslash = value.indexOf('\\', i);
    if (backslash < 0 || backslash > quote) return quote;
    i = backslash + 2;
  }
}

/** The plain reading, a loop over characters: what indexOutside concludes, and its way inside angle brackets. */
export function indexOutsideByLoop(value: string, sep: number, from = 0): number {
  let inQuote = false;
  let inAngle = false;
  for (let i = from; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (inQuote) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inQuote = false;
    } else if (c === 0x22) inQuote = true;
    else if (inAngle) {
      if (c === 0x3e) inAngle = false;
    } else if (c === 0x3c) inAngle = true;
    else if (c === sep) return i;
  }
  return -1;
}

export const COMMA = 0x2c;
export const SEMICOLON = 0x3b;

/**
 * Split `value` at every `sep` outside quotes and angle brackets. Pieces are
 * trimmed; empty pieces are kept so callers can refuse `a,,b`. An unclosed
 * quote or bracket runs to the end of the value.
 */
export function splitOutside(value: string, sep: string): string[] {
  const out: string[] = [];
  const code = sep.charCodeAt(0);
  let start = 0;
  for (;;) {
    const end = indexOutside(value, code, start);
    if (end < 0) break;
    out.push(value.slice(start, end).trim());
    start = end + 1;
  }
  out.push(value.slice(start).trim());
  return out;
}

/** The comma-separated values of a list header (Via, Contact, Route…), without empty ones. */
export function splitList(value: string): string[] {
  return splitOutside(value, ',').filter((v) => v !== '');
}

/** `splitList(value)[0]`, without splitting the rest (most list headers hold one value). */
export function firstListValue(value: string): string | undefined {
  const comma = indexOutside(value, COMMA);
  const first = (comma < 0 ? value : value.slice(0, comma)).trim();
  if (first !== '' || comma < 0) return first === '' ? undefined : first;
  return splitList(value)[0];
}

/** `"a \"b\""` → `a "b"`; a value that is not quoted comes back as it is. */
export function unquote(value: string): string {
  if (value.length < 2 || value[0] !== '"' || value[value.length - 1] !== '"') return value;
  const inner = value.slice(1, -1);
  return inner.includes('\\') ? inner.replace(/\\(.)/g, '$1') : inner;
}

/** The quoted-string for `value` (RFC 3261 §25.1). */
export function quote(value: string): string {
  const plain = !value.includes('"') && !value.includes('\\');
  return plain ? `"${value}"` : `"${value.replace(/(["\\])/g, '\\$1')}"`;
}

/** Generic parameters: `;a=b;c;d="x;y"` → [['a','b'],['c',undefined],['d','"x;y"']]. Names lowercased. */
export type Params = readonly (readonly [name: string, value: string | undefined])[];

export function parseParams(text: string): Params {
  const out: [string, string | undefined][] = [];
  let start = 0;
  // As `piece.trim()`, split at `=`, name and value trimmed, but by index: one string cut per part kept.
  for (;;) {
    const end = indexOutside(text, SEMICOLON, start);
    let a = start;
    let b = end < 0 ? text.length : end;
    while (a < b && isTrimmed(text.charCodeAt(a))) a++;
    while (b > a && isTrimmed(text.charCodeAt(b - 1))) b--;
    if (a < b) {
      const eq = text.indexOf('=', a);
      if (eq < 0 || eq >= b) out.push([paramName(text, a, b), undefined]);
      else {
        let nameEnd = eq;
        while (nameEnd > a && isTrimmed(text.charCodeAt(nameEnd - 1))) nameEnd--;
        let v = eq + 1;
        while (v < b && isTrimmed(text.charCodeAt(v))) v++;
        out.push([paramName(text, a, nameEnd), text.slice(v, b)]);
      }
    }
    if (end < 0) return out;
    start = end + 1;
  }
}

/** The parameters every message carries, named without a string cut out and lowercased. */
const COMMON_PARAMS = [
  'tag',
  'branch',
  'rport',
  'received',
  'expires',
  'transport',
  'lr',
  'ob',
  'user',
  'maddr',
];

/** `text.slice(from, to).toLowerCase()`, a constant for a common parameter written in lowercase. */
function paramName(text: string, from: number, to: number): string {
  for (const name of COMMON_PARAMS) if (name.length === to - from && text.startsWith(name, from)) return name;
  return text.slice(from, to).toLowerCase();
}

/** What `String.prototype.trim` removes (ECMA-262 WhiteSpace and LineTerminator), for trimming by index. */
export function isTrimmed(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

export function param(params: Params, name: string): string | undefined {
  for (const [n, v] of params) if (n === name) return v ?? '';
  return undefined;
}

export function hasParam(params: Params, name: string): boolean {
  return params.some(([n]) => n === name);
}

export function formatParams(params: Params): string {
  let out = '';
  for (const [n, v] of params) out += v === undefined ? `;${n}` : `;${n}=${v}`;
  return out;
}
