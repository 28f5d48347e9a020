import { describe, expect, it } from 'vitest';
import { readJsonObject } from '../../infrastructure/primitives/json-object.ts';
import { CALL_APP_DATA_MAX } from './body-fields.ts';
import * as callInnerBody from './call-inner-body.ts';
import * as transferBody from './transfer-body.ts';

const body = (o: unknown) => JSON.stringify(o);
// Each parser from the text on the wire, as the route reads it (req.jsonObject()).
const parseTransfer = (text: string) => transferBody.parseTransfer(readJsonObject(text));
const parseCallInner = (text: string) => callInnerBody.parseCallInner(readJsonObject(text));
const parseCallInnerSkill = (text: string) => callInnerBody.parseCallInnerSkill(readJsonObject(text));

describe('parseTransfer (cec_07_1242)', () => {
  it('reads every devicetype with each of its modes', () => {
    const cases: [number, number, string, string][] = [
      [1, 0, 'skill', 'release'],
      [1, 2, 'skill', 'success'],
      [2, 0, 'agent', 'release'],
      [2, 2, 'agent', 'success'],
      [3, 0, 'ivr', 'release'],
      [3, 1, 'ivr', 'suspend'],
      [4, 0, 'access-code', 'release'],
      [4, 2, 'access-code', 'success'],
      [5, 1, 'outside', 'release'],
      [5, 2, 'outside', 'success'],
      [5, 3, 'outside', 'talk'],
      [5, 4, 'outside', 'three-way'],
    ];
    for (const [devicetype, mode, kind, name] of cases) {
      const parsed = parseTransfer(body({ devicetype, address: '1002', mode }));
      expect(parsed, `${devicetype}/${mode}`).toMatchObject({
        ok: true,
        value: { target: { kind }, mode: name },
      });
    }
  });

  it("takes the vendor's own sample, strings and all", () => {
    const parsed = parseTransfer(
      body({
        devicetype: 2,
        mode: 2,
        address: '49998',
        callappdata: '',
        caller: '40040',
        mediaability: 0,
        holdflag: 'true',
      }),
    );
    expect(parsed).toEqual({
      ok: true,
      value: {
        target: { kind: 'agent', workNo: 49998 },
        mode: 'success',
        callappdata: '',
        caller: '40040',
        mediaability: 0,
        holdflag: true,
      },
    });
    expect(parseTransfer(body({ devicetype: '1', address: '2', mode: '0' }))).toMatchObject({
      ok: true,
      value: { target: { kind: 'skill', skillId: 2 }, mode: 'release', holdflag: true, mediaability: 0 },
    });
  });

  it('drops the caller of a release transfer, which may not carry one', () => {
    const parsed = parseTransfer(body({ devicetype: 5, address: '5550100', mode: 1, caller: '123' }));
    expect(parsed).toMatchObject({ ok: true, value: { mode: 'release' } });
    expect(parsed.ok && 'caller' in parsed.value).toBe(false);
  });

  it.each([
    ['not JSON', '{', /JSON object/],
    ['an array', '[]', /JSON object/],
    ['no devicetype', body({ address: '1', mode: 0 }), /devicetype/],
    ['devicetype 6', body({ devicetype: 6, address: '1', mode: 0 }), /devicetype/],
    ['devicetype 1.5', body({ devicetype: 1.5, address: '1', mode: 0 }), /devicetype/],
    ['no address', body({ devicetype: 1, mode: 0 }), /address/],
    ['a numeric address', body({ devicetype: 1, address: 2, mode: 0 }), /address/],
    ['letters in the address', body({ devicetype: 5, address: '55a', mode: 1 }), /address/],
    ['an address of 25 digits', body({ devicetype: 5, address: '1'.repeat(25), mode: 1 }), /address/],
    ['mode 1 to an agent', body({ devicetype: 2, address: '1002', mode: 1 }), /mode for devicetype 2/],
    ['mode 0 to a number', body({ devicetype: 5, address: '555', mode: 0 }), /mode for devicetype 5/],
    ['no mode', body({ devicetype: 1, address: '1' }), /mode/],
    ['callappdata a number', body({ devicetype: 1, address: '1', mode: 0, callappdata: 7 }), /callappdata/],
    [
      'callappdata over 16k',
      body({ devicetype: 1, address: '1', mode: 0, callappdata: 'x'.repeat(CALL_APP_DATA_MAX + 1) }),
      /callappdata/,
    ],
    ['a caller with letters', body({ devicetype: 5, address: '5', mode: 2, caller: 'abc' }), /caller/],
    ['mediaability 3', body({ devicetype: 5, address: '5', mode: 2, mediaability: 3 }), /mediaability/],
    ['holdflag "yes"', body({ devicetype: 5, address: '5', mode: 4, holdflag: 'yes' }), /holdflag/],
  ])('refuses %s with 000-002 naming the field', (_, text, message) => {
    const parsed = parseTransfer(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.retcode).toBe('000-002');
      expect(parsed.message).toMatch(message);
    }
  });

  it('takes callappdata of exactly 16k', () => {
    const parsed = parseTransfer(
      body({ devicetype: 1, address: '1', mode: 0, callappdata: 'x'.repeat(CALL_APP_DATA_MAX) }),
    );
    expect(parsed.ok).toBe(true);
  });
});

describe('parseCallInner (cec_07_1235)', () => {
  it('reads the called workNo and the call data, ignoring mediaability', () => {
    expect(
      parseCallInner(body({ called: '1002', callappdata: 'lang=en', mediaability: 1, skillid: 2 })),
    ).toEqual({
      ok: true,
      value: { called: 1002, callappdata: 'lang=en' },
    });
  });

  it.each([
    ['not JSON', 'x', /JSON object/],
    ['no called', body({}), /called/],
    ['called a number', body({ called: 1002 }), /called/],
    ['called with letters', body({ called: 'a1002' }), /called/],
    ['called that is no workNo', body({ called: '12' }), /not an agent's workNo/],
    ['a caller with letters', body({ called: '1002', caller: 'x' }), /caller/],
    ['skillid text', body({ called: '1002', skillid: 'two' }), /skillid/],
  ])('refuses %s with 000-002', (_, text, message) => {
    const parsed = parseCallInner(text);
    expect(parsed).toMatchObject({ ok: false, retcode: '000-002' });
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});

describe('parseCallInnerSkill (cec_07_0370)', () => {
  it('reads skillId as a number or a string of digits', () => {
    expect(parseCallInnerSkill(body({ skillId: 2 }))).toEqual({ ok: true, value: { skillId: 2 } });
    expect(parseCallInnerSkill(body({ skillId: '3' }))).toEqual({ ok: true, value: { skillId: 3 } });
  });

  it.each([
    ['no skillId', body({})],
    ['skillid in lower case (the vendor spells it skillId)', body({ skillid: 2 })],
    ['skillId 0', body({ skillId: 0 })],
    ['not JSON', ''],
  ])('refuses %s with 000-002', (_, text) => {
    expect(parseCallInnerSkill(text)).toMatchObject({ ok: false, retcode: '000-002' });
  });
});
