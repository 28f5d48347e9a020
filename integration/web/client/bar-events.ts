import { DESK_EVENTS } from './agent-events.ts';

/**
 * Subscribe to the bar's events: post `{name: "eventpost", param: [...]}` as a
 * JSON string to `window.frames["ccbarclient"]` (docs/vendor/ccbarclient.md). The frame
 * appears when the bar renders and must have loaded to hear the message, so
 * this watches for the frame and posts again at each load. Returns a cancel.
 */
export function subscribeToBarEvents(cecOrigin: string, onMissing: () => void, waitMs = 15_000): () => void {
  const message = JSON.stringify({ name: 'eventpost', param: DESK_EVENTS });
  const post = () => {
    const target = (window.frames as unknown as Record<string, Window | undefined>).ccbarclient;
    target?.postMessage(message, cecOrigin);
  };
  const watch = (frame: HTMLIFrameElement) => frame.addEventListener('load', post);

  const selector = 'iframe[name="ccbarclient"]';
  const existing = document.querySelector<HTMLIFrameElement>(selector);
  if (existing) {
    watch(existing);
    post();
    return () => existing.removeEventListener('load', post);
  }
  const observer = new MutationObserver(() => {
    const frame = document.querySelector<HTMLIFrameElement>(selector);
    if (!frame) return;
    observer.disconnect();
    clearTimeout(timer);
    watch(frame);
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
  const timer = setTimeout(() => {
    observer.disconnect();
    onMissing();
  }, waitMs);
  return () => {
    observer.disconnect();
    clearTimeout(timer);
  };
}
