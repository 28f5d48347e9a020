import { describe, expect, it } from 'vitest';
import { readJsonObject } from '../../infrastructure/primitives/json-object.ts';
import { CALL_APP_DATA_MAX } from './body-fields.ts';
import * as consultBody from './consult-body.ts';

// Each parser from the text on the wire, as the route reads it (req.jsonObject()).
const parseInnerHelp = (text: string) => consultBody.parseInnerHelp(readJsonObject(text));
const parseConfJoin = (text: string) => consultBody.parseConfJoin(readJsonObject(text));

describe('parseInnerHelp', () => {
  it('takes the vendor defaults: an agent, two-party help, hold', () => {
    expect(parseInnerHelp('{"dstaddress":"102"}')).toEqual({
      ok: true,
      value: { dstaddress: '102', devicetype: 2, mode: 1, holdflag: true },
    });
  });

  it('accepts numbers sent as strings, a skill queue, three-party help and call data', () => {
    const body = { dstaddress: 1, devicetype: '1', mode: 2, callappdata: 'acct=7', holdflag: 'false' };
    expect(parseInnerHelp(JSON.stringify(body))).toEqual({
      ok: true,
      value: { dstaddress: '1', devicetype: 1, mode: 2, callappdata: 'acct=7', holdflag: false },
    });
  });

  it.each([
    ['not JSON', 'nope', /JSON object/],
    ['an array', '[]', /JSON object/],
    ['no dstaddress', '{}', /dstaddress is required/],
    ['a dstaddress with letters', '{"dstaddress":"a102"}', /dstaddress/],
    ['devicetype 3', '{"dstaddress":"102","devicetype":3}', /devicetype/],
    ['mode 0', '{"dstaddress":"102","mode":0}', /mode/],
    ['callappdata a number', '{"dstaddress":"102","callappdata":5}', /callappdata/],
    ['holdflag a word', '{"dstaddress":"102","holdflag":"yes"}', /holdflag/],
  ])('refuses %s with 000-002', (_, text, message) => {
    const r = parseInnerHelp(text);
    expect(r).toMatchObject({ ok: false, retcode: '000-002' });
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('refuses call data over 16 k', () => {
    const r = parseInnerHelp(
      JSON.stringify({ dstaddress: '102', callappdata: 'x'.repeat(CALL_APP_DATA_MAX + 1) }),
    );
    expect(r.ok).toBe(false);
  });
});

describe('parseConfJoin', () => {
  it('takes the held callid and optional call data', () => {
    expect(parseConfJoin('{"callid":"1456403570-17","callappdata":"x"}')).toEqual({
      ok: true,
      value: { callid: '1456403570-17', callappdata: 'x' },
    });
  });

  it.each([
    ['not JSON', '{', /JSON object/],
    ['no callid', '{}', /callid is required/],
    ['an empty callid', '{"callid":"  "}', /callid is required/],
    ['a numeric callid', '{"callid":17}', /callid is required/],
  ])('refuses %s with 000-002', (_, text, message) => {
    const r = parseConfJoin(text);
    expect(r).toMatchObject({ ok: false, retcode: '000-002' });
    if (!r.ok) expect(r.message).toMatch(message);
  });
});
