import {
  formatParams,
  indexOutside,
  type Params,
  param,
  parseParams,
  quote,
  SEMICOLON,
  unquote,
} from './split-values.ts';

/**
 * From, To, Contact, Route, Record-Route values (RFC 3261 §20.10, §25.1):
 * `"Display" <uri>;params`, `Display <uri>;params`, or a bare `uri;params`
 * whose `;params` belong to the header, not the URI. Contact may be `*`.
 */
export interface NameAddr {
  readonly display?: string;
  /** The URI as written between the brackets. */
  readonly uri: string;
  /** Header parameters (tag, expires, q, +sip.instance, reg-id…), names lowercased. */
  readonly params: Params;
}

export function parseNameAddr(value: string): NameAddr | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  const lt = indexOutsideQuotes(v, '<');
  if (lt >= 0) {
    const gt = v.indexOf('>', lt);
    if (gt < 0) return undefined;
    const displayText = v.slice(0, lt).trim();
    const uri = v.slice(lt + 1, gt).trim();
    if (uri === '' || /\s/.test(uri)) return undefined;
    const after = v.slice(gt + 1).trim();
    if (after !== '' && !after.startsWith(';')) return undefined;
    let display: string | undefined;
    if (displayText !== '') {
      if (displayText.startsWith('"')) {
        if (!displayText.endsWith('"') || displayText.length < 2) return undefined;
        display = unquote(displayText);
      } else display = displayText;
    }
    return { display, uri, params: parseParams(after) };
  }
  if (v.startsWith('"')) return undefined;
  const semi = indexOutside(v, SEMICOLON);
  const uri = (semi < 0 ? v : v.slice(0, semi)).trim();
  if (uri === '' || /\s/.test(uri) || uri.includes(',') || uri.includes('?')) return undefined;
  return { uri, params: parseParams(v.slice(uri.length)) };
}

export function formatNameAddr(n: NameAddr): string {
  const display = n.display !== undefined ? `${quote(n.display)} ` : '';
  return `${display}<${n.uri}>${formatParams(n.params)}`;
}

export function tagOf(n: NameAddr | undefined): string | undefined {
  const t = n && param(n.params, 'tag');
  return t === '' ? undefined : t;
}

function indexOutsideQuotes(v: string, ch: string): number {
  const code = ch.charCodeAt(0);
  let inQuote = false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (inQuote) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inQuote = false;
    } else if (c === 0x22) inQuote = true;
    else if (c === code) return i;
  }
  return -1;
}
