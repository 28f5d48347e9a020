import { describe, expect, it } from 'vitest';
import { commonJsExports } from './commonjs-exports.ts';

describe('commonJsExports', () => {
  const lib = { Agent: class {}, request: () => 1 };

  it('takes the names Node gives, or the default a bundle gives', () => {
    expect(commonJsExports(lib, 'Agent', 'undici')).toBe(lib);
    expect(commonJsExports({ default: lib } as unknown as typeof lib, 'Agent', 'undici')).toBe(lib);
  });

  it('says which library came without the export it needs', () => {
    expect(() => commonJsExports({} as typeof lib, 'Agent', 'undici')).toThrow(
      'undici loaded without its export Agent',
    );
  });
});
