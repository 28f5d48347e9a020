import { escapeHtml as esc } from './escape-html.ts';

/** A recording of the run, as the report shows it: its file name, and its WAV when small enough to embed. */
export interface RecordingLink {
  /** `recording-<callId>-<heard|sent>.wav`: also the name of its attachment. */
  name: string;
  /** What it is, e.g. "call 1795608000-1: what the customer heard". */
  label: string;
  wav: Uint8Array;
}

/** Above this, a WAV is only named (it is attached beside the page) so the page stays light. [choice] */
export const EMBED_MAX_BYTES = 1024 * 1024;

/**
 * The report's "Recordings" list: each recording with a player, the WAV
 * embedded as a data: URL so the page stands alone (a Playwright attachment,
 * an e-mail); a long one is named instead, to be opened from the attachments.
 */
export function recordingLinks(recordings: readonly RecordingLink[]): string {
  if (recordings.length === 0) return '';
  const items = recordings.map((r) => {
    if (r.wav.length > EMBED_MAX_BYTES)
      return `<li>${esc(r.label)}: attached as <code>${esc(r.name)}</code> (${Math.round(r.wav.length / 1024)} KiB)</li>`;
    const url = `data:audio/wav;base64,${Buffer.from(r.wav).toString('base64')}`;
    return `<li>${esc(r.label)}: <audio controls preload="none" src="${url}"></audio> <a download="${esc(r.name)}" href="${url}">${esc(r.name)}</a></li>`;
  });
  return `<section class="recordings"><h2>Recordings</h2><ul>\n${items.join('\n')}\n</ul></section>`;
}
