import { describe, expect, it } from 'vitest';
import { writeWav } from '../../mock-cec/telephony/media/wav.ts';
import { renderLadder } from './ladder.ts';
import { EMBED_MAX_BYTES, recordingLinks } from './recording-links.ts';

describe('the report links the recordings', () => {
  it('embeds a WAV to play and download, names a long one instead, and shows nothing without any', () => {
    const small = writeWav(new Int16Array(800));
    const html = recordingLinks([
      { name: 'recording-1-1-heard.wav', label: 'call 1-1: what the customer <heard>', wav: small },
      { name: 'recording-1-1-sent.wav', label: 'call 1-1: sent', wav: new Uint8Array(EMBED_MAX_BYTES + 1) },
    ]);
    const embedded = `data:audio/wav;base64,${Buffer.from(small).toString('base64')}`;
    expect(html).toContain(`<audio controls preload="none" src="${embedded}"></audio>`);
    expect(html).toContain('download="recording-1-1-heard.wav"');
    expect(html).toContain('what the customer &lt;heard&gt;');
    expect(html).toContain('attached as <code>recording-1-1-sent.wav</code>');
    expect(recordingLinks([])).toBe('');
    const page = renderLadder([], { recordings: [{ name: 'r.wav', label: 'r', wav: small }] });
    expect(page).toContain('<h2>Recordings</h2>');
  });
});
