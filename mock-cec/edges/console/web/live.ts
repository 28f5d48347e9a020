/**
 * The page's one live connection: the picked tenant's journal stream
 * (GET /__mock/journal/stream, server-sent events). EventSource reconnects by
 * itself and sends the last id it saw, so the server replays what was missed.
 */
import type { JournalEntry } from './views.ts';

/** Replayed on connecting, so the journal panel starts with recent history. */
const TAIL = 200;

export interface LiveHandlers {
  entry(e: JournalEntry): void;
  gap(skipped: number): void;
  status(state: 'connecting' | 'live' | 'reconnecting' | 'off', text: string): void;
}

export function liveStream(handlers: LiveHandlers) {
  let source: EventSource | undefined;

  return {
    /** Follow this tenant's journal (or none). */
    follow(tenant: string | undefined) {
      source?.close();
      source = undefined;
      if (!tenant) return handlers.status('off', 'No tenant');
      handlers.status('connecting', 'Connecting…');
      const es = new EventSource(`/__mock/journal/stream?tenant=${encodeURIComponent(tenant)}&tail=${TAIL}`);
      source = es;
      es.onopen = () => handlers.status('live', 'Live');
      es.onerror = () =>
        es.readyState === EventSource.CLOSED
          ? handlers.status('off', 'Disconnected (reload the page)')
          : handlers.status('reconnecting', 'Reconnecting…');
      es.onmessage = (m: MessageEvent<string>) => handlers.entry(JSON.parse(m.data) as JournalEntry);
      es.addEventListener('gap', (m) =>
        handlers.gap((JSON.parse((m as MessageEvent<string>).data) as { skipped: number }).skipped),
      );
    },
  };
}
