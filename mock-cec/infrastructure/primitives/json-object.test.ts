import { describe, expect, it } from 'vitest';
import { lazyJsonObject, readJsonObject } from './json-object.ts';

describe('readJsonObject', () => {
  it('reads an object and says what anything else was', () => {
    expect(readJsonObject('{"a":1,"b":"x"}')).toEqual({ ok: true, value: { a: 1, b: 'x' } });
    expect(readJsonObject('{"a":')).toEqual({ ok: false, problem: 'not JSON' });
    expect(readJsonObject('')).toEqual({ ok: false, problem: 'not JSON' });
    expect(readJsonObject('[1]')).toEqual({ ok: false, problem: 'not a JSON object', json: [1] });
    expect(readJsonObject('null')).toEqual({ ok: false, problem: 'not a JSON object', json: null });
    expect(readJsonObject('"{}"')).toEqual({ ok: false, problem: 'not a JSON object', json: '{}' });
  });

  it('keeps a member named __proto__ as data, not as the prototype', () => {
    const read = readJsonObject('{"__proto__":{"admin":true}}');
    expect(read.ok && Object.getPrototypeOf(read.value)).toBe(Object.prototype);
    expect(read.ok && (read.value as { admin?: unknown }).admin).toBeUndefined();
  });

  it('reads a request body once, however often it is asked', () => {
    const read = lazyJsonObject('{"a":1}');
    expect(read()).toBe(read());
  });
});
