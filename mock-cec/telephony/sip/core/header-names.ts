/**
 * Header names: the compact forms of RFC 3261 §7.3.3 (and of the extensions
 * SIP.js, JsSIP and sipp use), expanded to one lowercase key per header, and
 * the spelling we write when we make a header ourselves.
 */

/** RFC 3261 §7.3.3 and the IANA SIP parameter registry ("compact form"). */
const compactForms: Readonly<Record<string, string>> = {
  a: 'accept-contact',
  b: 'referred-by',
  c: 'content-type',
  d: 'request-disposition',
  e: 'content-encoding',
  f: 'from',
  i: 'call-id',
  j: 'reject-contact',
  k: 'supported',
  l: 'content-length',
  m: 'contact',
  n: 'identity-info',
  o: 'event',
  r: 'refer-to',
  s: 'subject',
  t: 'to',
  u: 'allow-events',
  v: 'via',
  x: 'session-expires',
  y: 'identity',
};

/** Spellings that plain capitalisation gets wrong. */
const specialNames: Readonly<Record<string, string>> = {
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  'www-authenticate': 'WWW-Authenticate',
  'mime-version': 'MIME-Version',
  'target-dialog': 'Target-Dialog',
};

/** RFC 3261 §25.1 token characters: what a header name may be made of. */
const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;

/**
 * The names most messages carry, spelled as SIP.js, JsSIP, sipp, Kamailio and
 * we write them, grouped by first character: the parser recognises them in
 * place (`startsWith` at the line's offset), with no string cut out and
 * hashed for a lookup, a dozen times per message.
 */
const common = [
  'Via',
  'From',
  'To',
  'Call-ID',
  'CSeq',
  'Contact',
  'Max-Forwards',
  'Expires',
  'User-Agent',
  'Content-Length',
  'Content-Type',
  'Authorization',
  'Proxy-Authorization',
  'WWW-Authenticate',
  'Proxy-Authenticate',
  'Allow',
  'Supported',
  'Record-Route',
  'Route',
  'Date',
  'Server',
  'Require',
  'Event',
  ...Object.keys(compactForms),
];
/**
 * Headers whose values outlive their message: a binding keeps a REGISTER's
 * Call-ID, Contact, To and User-Agent for minutes, a dialog its From, To,
 * Contact and Record-Route for the call. The parser hands these values over
 * as copies (detach.ts), so that what is kept never holds the message's text.
 */
export const lastingHeaders: ReadonlySet<string> = new Set([
  'call-id',
  'from',
  'to',
  'contact',
  'record-route',
  'user-agent',
]);

/**
 * Of a REGISTER, only what its binding keeps as the parser hands it over: its
 * Call-ID and User-Agent. Its To and Contact are kept through the proxy's
 * remembered readings (readings.ts), which copy the texts they remember; its
 * From is not kept. Copying the four values of every REGISTER cost some 6 % of
 * a registration (decision record 006).
 */
export const lastingInRegister: ReadonlySet<string> = new Set(['call-id', 'user-agent']);

/**
 * Names we write that are not among the common ones: every 503 of an
 * overloaded server carries a Retry-After, so reading its spelling by the
 * rule (a regular expression) cost the shedding path CPU when it can least
 * spare it (decision record 006, invariant 11).
 */
export const writtenNames: readonly string[] = [
  'Retry-After',
  'Warning',
  'Unsupported',
  'Accept',
  'Allow-Events',
  'Subscription-State',
  'Reason',
  'Min-Expires',
  'Refer-To',
  'Referred-By',
  'Proxy-Require',
];

/** The spelling of the common names, the ones we write and the special ones, by key. */
const spelled: ReadonlyMap<string, string> = new Map([
  ...[...common, ...writtenNames].filter((n) => n.length > 1).map((n) => [n.toLowerCase(), n] as const),
  ...Object.entries(specialNames),
]);

/** The key of each common name, as listed, in lowercase, and as we spell the ones we write. */
const keyOfKnown: ReadonlyMap<string, string> = new Map(
  [...common, ...spelled.values()].flatMap((n) => {
    const key = plainHeaderKey(n);
    return [
      [n, key],
      [n.toLowerCase(), key],
    ] as const;
  }),
);

// Indexed by the first character's code (all ASCII) and the length: an array read and, nearly
// always, one comparison per line, not a Map lookup and a walk over every name with that initial.
const byStart: (CommonName[] | undefined)[] = new Array(128 * 32).fill(undefined);
for (const name of common) {
  const at = name.charCodeAt(0) * 32 + name.length;
  const list = byStart[at] ?? [];
  const key = compactForms[name] ?? name.toLowerCase();
  list.push({ name, key, lasting: lastingHeaders.has(key), lastingInRegister: lastingInRegister.has(key) });
  byStart[at] = list;
}

export interface CommonName {
  readonly name: string;
  readonly key: string;
  /** Whether its values outlive the message (`lastingHeaders`). */
  readonly lasting: boolean;
  /** Whether its values outlive a REGISTER (`lastingInRegister`). */
  readonly lastingInRegister: boolean;
}

/** A common header name written exactly at `text[start, end)`, if it is one. */
export function commonNameAt(text: string, start: number, end: number): CommonName | undefined {
  const length = end - start;
  const code = text.charCodeAt(start);
  if (length >= 32 || code >= 128) return undefined;
  const candidates = byStart[code * 32 + length];
  if (!candidates) return undefined;
  for (const c of candidates) if (sameAt(text, start, c.name)) return c;
  return undefined;
}

/** `text.startsWith(name, start)` for a name of the right length: a plain loop is cheaper than the call. */
function sameAt(text: string, start: number, name: string): boolean {
  for (let i = 0; i < name.length; i++) if (text.charCodeAt(start + i) !== name.charCodeAt(i)) return false;
  return true;
}

/** The key of a header name read from the wire, or undefined when the name is no token (a bad line). */
export function wireHeaderKey(name: string): string | undefined {
  return TOKEN.test(name) ? headerKey(name) : undefined;
}

/** The lowercase long name of a header as written on the wire ("v", "VIA", "Via" → "via"). */
export function headerKey(name: string): string {
  // Nearly every name asked is one of the common ones as we write them or in lowercase: a table read,
  // not a lowercase copy looked up by a string it has to hash first (decision record 006).
  return keyOfKnown.get(name) ?? plainHeaderKey(name);
}

/** `headerKey` by the rule itself: lowercase, then the compact form expanded. */
export function plainHeaderKey(name: string): string {
  const lower = name.toLowerCase();
  return compactForms[lower] ?? lower;
}

/** How we spell a header we write ("call-id" → "Call-ID", "record-route" → "Record-Route"). */
export function canonicalName(key: string): string {
  // The names we write are in the table: the rule is for names we pass on.
  return spelled.get(key) ?? plainCanonicalName(key);
}

/** `canonicalName` by the rule itself: the special spellings, else each word capitalised. */
export function plainCanonicalName(key: string): string {
  return (
    specialNames[key] ??
    key.replace(/(^|-)([a-z])/g, (_m: string, dash: string, c: string) => dash + c.toUpperCase())
  );
}

/** Whether `canonicalName` answers `key` from its table (the names we write), not by the rule. */
export const spelledFromTable = (key: string): boolean => spelled.has(key);

/**
 * Headers whose value is a comma-separated list that may also be spread over
 * several lines (RFC 3261 §7.3.1). Authorization and WWW-Authenticate are not
 * lists (their commas separate parameters), nor is any header with a date.
 */
export const listHeaders: ReadonlySet<string> = new Set([
  'via',
  'route',
  'record-route',
  'contact',
  'path',
  'service-route',
  'allow',
  'supported',
  'require',
  'proxy-require',
  'unsupported',
  'allow-events',
  'accept',
  'accept-encoding',
  'accept-language',
  'content-encoding',
]);
