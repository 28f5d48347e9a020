import { describe, expect, it } from 'vitest';
import { buildPageAssets } from './page-assets.ts';

describe('the page bundle', () => {
  it('is one self-contained module with SIP.js and the vendor’s names in it', async () => {
    const assets = await buildPageAssets();
    expect(assets.js).not.toMatch(/\bimport\s*[{*"']/); // no import left for the browser to resolve
    for (const name of ['ccdesktop/pages/cc-bar/js/ccbarclient.js', 'eventpost', 'ccbarclient', 'REGISTER']) {
      expect(assets.js).toContain(name);
    }
    expect(assets.css).toContain('.incoming');
    expect(assets.etag).toMatch(/^"[\w-]{16}"$/);
  });
});
