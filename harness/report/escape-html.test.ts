import { describe, expect, it } from 'vitest';
import { clipEnd, clipMiddle, escapeHtml, escapeText } from './escape-html.ts';

describe('escaping and clipping', () => {
  it('escapes markup for attributes and text, and only what text needs for text', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    expect(escapeText(`<b>"q" & 'a'</b>`)).toBe(`&lt;b&gt;"q" &amp; 'a'&lt;/b&gt;`);
  });

  it('replaces control characters but keeps tabs and newlines', () => {
    expect(escapeText('a\u0000b\u001bc\td\ne\u007f')).toBe('a\ufffdb\ufffdc\td\ne\ufffd');
  });

  it('clips the end or the middle to the length asked, never longer', () => {
    expect(clipEnd('abcdef', 10)).toBe('abcdef');
    expect(clipEnd('abcdef', 4)).toBe('abc…');
    expect(clipEnd('abcdef', 1)).toBe('…');
    expect(clipEnd('abcdef', 0)).toBe('');
    expect(clipMiddle('/agentgateway/resource/onlineagent/101', 20)).toBe('/agentgate…agent/101');
    expect(clipMiddle('/agentgateway/resource/onlineagent/101', 20)).toHaveLength(20);
    expect(clipMiddle('abcdefghij', 5)).toBe('abcd…');
  });
});
