import { describe, expect, it } from 'vitest';
import { readJsonObject } from '../../infrastructure/primitives/json-object.ts';
import { parseSignIn } from './sign-in-body.ts';

const parse = (text: string) => parseSignIn(readJsonObject(text));

describe('the sign-in body, read at the edge into the typed request the desk takes', () => {
  it("takes the vendor sample's strings for flags and numbers, and defaults what is left out", () => {
    expect(parse('{"password":"p","phonenum":"88001","status":"3","releasephone":"false"}')).toEqual({
      ok: true,
      value: {
        password: 'p',
        phonenum: '88001',
        autoanswer: true,
        autoenteridle: true,
        releasephone: false,
        agenttype: 4,
        status: 3,
        checkInWebm: true,
      },
    });
  });

  it('refuses what is not a JSON object, and members of the wrong kind, with 100-001', () => {
    for (const text of ['not json', '[]', '"x"', '{"phonenum":"1"}', '{"password":"p","status":7}']) {
      expect(parse(text)).toMatchObject({ ok: false, retcode: '100-001' });
    }
  });

  it('refuses push mode with 000-002', () => {
    expect(parse('{"password":"p","serviceToken":"t","callBackUri":"https://x"}')).toMatchObject({
      ok: false,
      retcode: '000-002',
    });
  });
});
