/**
 * Text into HTML and SVG. The journal holds what clients sent (paths, SIP
 * request lines, callback reasons): every string is escaped before it reaches
 * the page, attribute or text, so a `<script>` in a path stays text.
 */
const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return noControls(text.replace(/[&<>"']/g, (c) => entities[c]!));
}

/** For text between tags only (never an attribute): quotes may stay, which keeps JSON short. */
export function escapeText(text: string): string {
  return noControls(text.replace(/[&<>]/g, (c) => entities[c]!));
}

/** Control characters (bar tab and newline) are parse errors in HTML: shown as the replacement character. */
function noControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\ufffd');
}

/** At most `max` characters, the end cut off with an ellipsis. */
export function clipEnd(text: string, max: number): string {
  if (text.length <= max) return text;
  return max <= 1 ? '…'.slice(0, Math.max(0, max)) : `${text.slice(0, max - 1)}…`;
}

/** At most `max` characters, the middle cut out: paths keep their head and their telling tail. */
export function clipMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 8) return clipEnd(text, max);
  const tail = Math.floor((max - 1) / 2);
  return `${text.slice(0, max - 1 - tail)}…${text.slice(text.length - tail)}`;
}
