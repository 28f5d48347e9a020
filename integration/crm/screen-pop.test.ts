import { describe, expect, it } from 'vitest';
import { customerCard, parseCallData } from './screen-pop.ts';

describe('call data as an IVR writes it', () => {
  it('reads a JSON object, key=value pairs, or keeps the raw text', () => {
    expect(parseCallData('{"account":"4711","digits":12}')).toEqual({ account: '4711', digits: '12' });
    expect(parseCallData('account=4711;language=de')).toEqual({ account: '4711', language: 'de' });
    expect(parseCallData('acct=1&lang=fr')).toEqual({ acct: '1', lang: 'fr' });
    expect(parseCallData('just words')).toEqual({ data: 'just words' });
    expect(parseCallData('  ')).toEqual({});
    expect(parseCallData('[1,2]')).toEqual({ data: '[1,2]' });
  });
});

describe('the customer card', () => {
  const ada = { phone: '1', name: 'Ada', tier: 'gold' };
  const bob = { phone: '2', name: 'Bob', tier: 'standard', accountNo: '42' };
  const lookup = {
    byPhone: (p: string) => [ada, bob].find((c) => c.phone === p),
    byAccount: (a: string) => [ada, bob].find((c) => 'accountNo' in c && c.accountNo === a),
  };

  it('prefers the account in the call data, then the phone, else an unknown caller', () => {
    expect(customerCard({ callid: '1-1', number: '1', callData: 'acct=42' }, lookup)).toMatchObject({
      customer: bob,
      matchedBy: 'account',
    });
    expect(customerCard({ callid: '1-1', number: '1', callData: 'acct=99' }, lookup)).toMatchObject({
      customer: ada,
      matchedBy: 'phone',
    });
    expect(customerCard({ callid: '1-1', number: '3' }, lookup)).toMatchObject({
      customer: null,
      matchedBy: null,
      callDataKnown: false,
    });
  });
});
