/**
 * Splitting header values at the separators that matter, but never inside a
 * quoted-string (RFC 3261 §25.1: `"..."` with `\` escapes) or a `<...>`
 * URI (whose parameters and headers may hold `,` and `;`). Hand-written: it is
 * the one place every header parser below leans on.
 */

/**
 * Split `value` at every `sep` outside quotes and angle brackets. Pieces are
 * trimmed; empty pieces are kept so callers can refuse `a,,b`. An unclosed
 * quote or bracket runs to the end of the value.
 */
export function splitOutside(value: string, sep: string): string[] {
  const out: string[] = [];
  let start = 0;
  let inQuote = false;
  let inAngle = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (inQuote) {
      if (c === '\\') i++;
      else if (c === '"') inQuote = false;
    } else if (c === '"') inQuote = true;
    else if (inAngle) {
      if (c === '>') inAngle = false;
    } else if (c === '<') inAngle = true;
    else if (c === sep) {
      out.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(value.slice(start).trim());
  return out;
}

/** The comma-separated values of a list header (Via, Contact, Route…), without empty ones. */
export function splitList(value: string): string[] {
  return splitOutside(value, ',').filter((v) => v !== '');
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
  for (const piece of splitOutside(text, ';')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    if (eq < 0) out.push([piece.toLowerCase(), undefined]);
    else out.push([piece.slice(0, eq).trim().toLowerCase(), piece.slice(eq + 1).trim()]);
  }
  return out;
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
