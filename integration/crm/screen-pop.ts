/**
 * The customer's card the desk pops when a call rings (pure): who calls, found in the CRM by the
 * caller's number or by the account number in the call data, and what the IVR collected.
 */
import type { Customer } from './customers.ts';

export interface CustomerCard {
  callid: string;
  number: string;
  /** The CRM's customer, or null for an unknown caller. */
  customer: Customer | null;
  /** How the customer was found. */
  matchedBy: 'phone' | 'account' | null;
  /** The call data as key/values (JSON object or "key=value;key=value"), or the raw text. */
  callData: Record<string, string>;
  /** Whether the CEC answered the call data (false: the card shows the number only). */
  callDataKnown: boolean;
}

/** Read call data as an IVR writes it: a JSON object, or `key=value` pairs split by ; & or new lines. */
export function parseCallData(text: string): Record<string, string> {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  try {
    const json: unknown = JSON.parse(trimmed);
    if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
      return Object.fromEntries(
        Object.entries(json as Record<string, unknown>).map(([k, v]) => [
          k,
          typeof v === 'string' ? v : JSON.stringify(v),
        ]),
      );
    }
  } catch {
    // not JSON: key=value pairs below
  }
  const pairs = trimmed.split(/[;&\n]/).map((p) => p.split('='));
  if (pairs.every((p) => p.length === 2 && p[0]!.trim() !== '')) {
    return Object.fromEntries(pairs.map(([k, v]) => [k!.trim(), v!.trim()]));
  }
  return { data: trimmed };
}

const ACCOUNT_KEYS = ['account', 'accountNo', 'account_no', 'acct'];

export function customerCard(
  call: { callid: string; number: string; callData?: string },
  lookup: { byPhone(phone: string): Customer | undefined; byAccount(no: string): Customer | undefined },
): CustomerCard {
  const callData = parseCallData(call.callData ?? '');
  const account = ACCOUNT_KEYS.map((k) => callData[k]).find((v) => v !== undefined && v !== '');
  // The account the caller keyed in names the customer better than the phone they call from.
  const byAccount = account === undefined ? undefined : lookup.byAccount(account);
  const byPhone = byAccount ? undefined : lookup.byPhone(call.number);
  const customer = byAccount ?? byPhone ?? null;
  return {
    callid: call.callid,
    number: call.number,
    customer,
    matchedBy: byAccount ? 'account' : byPhone ? 'phone' : null,
    callData,
    callDataKnown: call.callData !== undefined,
  };
}
