import { header, headerValues, type SipRequest } from '../core/message.ts';
import { type NameAddr, parseNameAddr } from '../core/name-addr.ts';
import { plainReadings, type Readings } from '../core/readings.ts';
import { param } from '../core/split-values.ts';
import { uriKey, uriUser } from '../core/uri.ts';

/**
 * What a REGISTER asks for (RFC 3261 §10.2), read from the request: the
 * address of record (the To URI's user), the contacts with their requested
 * lifetimes, or `*` to remove them all.
 */
export interface ContactRequest {
  readonly uri: string;
  readonly uriKey: string;
  /** Seconds requested by the contact's `expires` parameter or the Expires header, if any. */
  readonly expires?: number;
  readonly instance?: string;
  readonly regId?: string;
}

export type RegisterAsk =
  | { readonly kind: 'query'; readonly aor: string }
  | { readonly kind: 'remove-all'; readonly aor: string }
  | { readonly kind: 'update'; readonly aor: string; readonly contacts: readonly ContactRequest[] };

export type RegisterAskResult = { ok: true; ask: RegisterAsk } | { ok: false; reason: string };

/** `sip:user@Host:port;params` → `sip:user@host:port`, the form lookups compare. */
export const uriKeyOf: (uri: string) => string | undefined = uriKey;

function seconds(text: string | undefined): number | undefined {
  // RFC 3261 §20.19: delta-seconds; anything else is as if absent (the registrar's default applies).
  return text !== undefined && /^\d{1,10}$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

/**
 * `to`: the To header already read (the request's facts), to spare reading it again; `readings`: the
 * proxy's remembered readings (readings.ts).
 */
export function readRegister(
  req: SipRequest,
  to: NameAddr | undefined = parseNameAddr(header(req, 'to') ?? ''),
  readings: Readings = plainReadings,
): RegisterAskResult {
  const toUri = to && readings.uri(to.uri);
  const aor = toUri && uriUser(toUri);
  if (!aor) return { ok: false, reason: 'To has no user part' };
  const expiresHeader = seconds(header(req, 'expires'));
  const values = headerValues(req, 'contact');
  if (values.length === 0) return { ok: true, ask: { kind: 'query', aor } };
  // RFC 3261 §10.3 step 6: `*` only alone and with Expires: 0.
  if (values.some((v) => v === '*')) {
    if (values.length !== 1 || expiresHeader !== 0)
      return { ok: false, reason: 'Contact * needs to be alone, with Expires: 0' };
    return { ok: true, ask: { kind: 'remove-all', aor } };
  }
  const contacts: ContactRequest[] = [];
  for (const v of values) {
    const na = readings.nameAddr(v);
    const key = na && readings.uriKey(na.uri);
    if (!na || !key) return { ok: false, reason: `unreadable Contact ${JSON.stringify(v.slice(0, 80))}` };
    const instance = param(na.params, '+sip.instance');
    const regId = param(na.params, 'reg-id');
    contacts.push({
      uri: na.uri,
      uriKey: key,
      expires: seconds(param(na.params, 'expires')) ?? expiresHeader,
      instance: instance || undefined,
      regId: regId || undefined,
    });
  }
  return { ok: true, ask: { kind: 'update', aor, contacts } };
}
