import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packageUrl } from './package-url.ts';

describe('packageUrl', () => {
  it('finds a file from the sources and from a bundle in dist/ alike', () => {
    const fromSource = packageUrl(import.meta.url, 'mock-cec/console/web/console.html');
    const fromBundle = packageUrl(
      new URL('../../dist/mock-cec.mjs', import.meta.url).href,
      'mock-cec/console/web/console.html',
    );
    expect(fromBundle.href).toBe(fromSource.href);
    expect(existsSync(fromSource)).toBe(true);
  });

  it('says so when there is no package above', () => {
    expect(() => packageUrl('file:///', 'x')).toThrow('no package.json above file:///');
  });
});
