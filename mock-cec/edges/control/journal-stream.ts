/**
 * The journal as a live stream: `GET /__mock/journal/stream?tenant=&kind=&since=&tail=`
 * answers `text/event-stream` (WHATWG HTML §9.2, server-sent events), one
 * event per new journal entry, so that the console and other watchers see
 * changes as they happen instead of polling.
 *
 * Each event is `id: <seq>` and one `data:` line of the entry's JSON. A browser's
 * EventSource reconnects by itself and sends the last id it saw as
 * `Last-Event-ID`; the stream then replays what was missed, so nothing falls
 * between two connections.
 */
import { Hono } from 'hono';
import { type SSEStreamingApi, streamSSE } from 'hono/streaming';
import { type JournalEntry, type JournalKind, journalKinds } from '../../infrastructure/journal/journal.ts';
import type { Simulator } from '../../infrastructure/state/simulator.ts';
import { controlError } from './control-error.ts';

/** At most this many missed entries are replayed; a `gap` event counts the rest. */
export const MAX_REPLAY = 1000;
/** Writes a slow client may leave unread before entries are skipped (and counted in a `gap` event). */
export const MAX_PENDING = 2000;
/** How long the browser waits before reconnecting (the SSE `retry:` field). */
const RETRY_MS = 2000;

export interface StreamFilter {
  tenant?: string;
  kinds?: ReadonlySet<JournalKind>;
  /** Replay the entries after this sequence number first. */
  since?: number;
  /** With no `since`: replay the newest `tail` entries first. */
  tail?: number;
}

export type StreamQuery = { ok: true; filter: StreamFilter } | { ok: false; message: string };

/** Read the stream's query; `Last-Event-ID` (a reconnecting EventSource) wins over `since`. */
export function parseStreamQuery(
  query: (name: string) => string | undefined,
  lastEventId?: string,
): StreamQuery {
  const filter: StreamFilter = {};
  const tenant = query('tenant');
  if (tenant) filter.tenant = tenant;
  const kind = query('kind');
  if (kind) {
    const kinds = kind.split(',').map((k) => k.trim());
    const unknown = kinds.find((k) => !journalKinds.includes(k as JournalKind));
    if (unknown !== undefined)
      return { ok: false, message: `kind "${unknown}": must be one of ${journalKinds.join(', ')}` };
    filter.kinds = new Set(kinds as JournalKind[]);
  }
  for (const [name, value] of [
    ['since', lastEventId || query('since')],
    ['tail', query('tail')],
  ] as const) {
    if (value === undefined || value === '') continue;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) return { ok: false, message: `${name} must be a whole number ≥ 0` };
    filter[name] = name === 'tail' ? Math.min(n, MAX_REPLAY) : n;
  }
  return { ok: true, filter };
}

export function streamMatches(filter: StreamFilter, e: JournalEntry): boolean {
  return (
    (filter.tenant === undefined || e.tenant === filter.tenant) &&
    (filter.kinds === undefined || filter.kinds.has(e.kind))
  );
}

/**
 * One SSE event, from the entry's JSON when the journal made it already; JSON
 * never holds a raw newline, so one `data:` line is enough.
 */
export const sseEvent = (e: JournalEntry, json?: string) =>
  `id: ${e.seq}\ndata: ${json ?? JSON.stringify(e)}\n\n`;
export const gapEvent = (skipped: number) => `event: gap\ndata: {"skipped":${skipped}}\n\n`;

/** What the stream replays before going live: the newest entries that fit, and how many it left out. */
export function replayOf(sim: Simulator, filter: StreamFilter): { text: string; skipped: number } {
  const wanted = filter.since !== undefined ? MAX_REPLAY : (filter.tail ?? 0);
  if (wanted === 0) return { text: '', skipped: 0 };
  const matching = sim.journal
    .query({ tenant: filter.tenant, sinceSeq: filter.since ?? 0 })
    .filter((e) => streamMatches(filter, e));
  const kept = matching.slice(-wanted);
  // A tail is a chosen window; only a reconnect (since) that misses entries is a gap.
  const skipped = filter.since !== undefined ? matching.length - kept.length : 0;
  return { text: kept.map((e) => sseEvent(e)).join(''), skipped };
}

export interface JournalStreamOptions {
  /** A comment line this often keeps proxies and idle timers from closing a quiet stream (default 15 s). */
  heartbeatMs?: number;
  /** How the heartbeat is scheduled; tests pass one they trigger by hand. Returns a cancel. */
  every?: (ms: number, beat: () => void) => () => void;
  /** Readers at once; past it, 503 (default MAX_READERS). */
  maxReaders?: number;
}

/** Live readers at once (a console tab is one): each costs a little on every journal append. */
export const MAX_READERS = 32;

const realEvery = (ms: number, beat: () => void) => {
  const timer = setInterval(beat, ms);
  timer.unref();
  return () => clearInterval(timer);
};

/** One reader's side of the fan-out: it takes an entry's event text, already made. */
interface Reader {
  filter: StreamFilter;
  offer(text: string): void;
}

/**
 * Every live reader behind one journal subscription, rather than each
 * serialising each entry itself (decision record 006, invariant 9).
 * An entry is made into its event text once, and only if some reader wants it;
 * readers batch what arrives in one turn into one write.
 */
class JournalFanout {
  readonly #readers = new Set<Reader>();
  #unsubscribe: (() => void) | undefined;

  constructor(private readonly sim: Simulator) {}

  get size(): number {
    return this.#readers.size;
  }

  /** Add a reader; the returned function removes it (and the subscription with the last one). */
  add(reader: Reader): () => void {
    this.#readers.add(reader);
    this.#unsubscribe ??= this.sim.journal.subscribe(this.#forward);
    return () => {
      this.#readers.delete(reader);
      if (this.#readers.size === 0) {
        this.#unsubscribe?.();
        this.#unsubscribe = undefined;
      }
    };
  }

  // The journal calls its listeners inside every append: a watcher's bug must not fail a vendor request.
  readonly #forward = (e: JournalEntry, json?: string) => {
    try {
      let text: string | undefined;
      for (const r of this.#readers) {
        if (!streamMatches(r.filter, e)) continue;
        text ??= sseEvent(e, json);
        r.offer(text);
      }
    } catch (err) {
      this.sim.logger.error('journal stream failed to forward an entry', { seq: e.seq, error: String(err) });
    }
  };
}

export function journalStream(sim: Simulator, options: JournalStreamOptions = {}): Hono {
  const app = new Hono();
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const every = options.every ?? realEvery;
  const maxReaders = options.maxReaders ?? MAX_READERS;
  const fanout = new JournalFanout(sim);

  app.get('/journal/stream', (c) => {
    const parsed = parseStreamQuery((name) => c.req.query(name), c.req.header('last-event-id'));
    if (!parsed.ok) return controlError(c, 400, 'bad-query', parsed.message);
    const { filter } = parsed;
    if (filter.tenant !== undefined && !sim.tenant(filter.tenant))
      return controlError(c, 404, 'no-tenant', `no tenant ${filter.tenant}`);
    if (fanout.size >= maxReaders) {
      c.header('Retry-After', '10');
      const message = `${maxReaders} journal streams are open already; close one, or poll GET /__mock/journal`;
      return c.json({ error: { code: 'too-many-readers', message } }, 503);
    }
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, (stream) => follow(stream, sim, fanout, filter, (beat) => every(heartbeatMs, beat)));
  });
  return app;
}

/** Keep one client's stream fed until it goes away; then nothing of it is left in the fan-out. */
async function follow(
  stream: SSEStreamingApi,
  sim: Simulator,
  fanout: JournalFanout,
  filter: StreamFilter,
  heartbeat: (beat: () => void) => () => void,
): Promise<void> {
  /** Events offered and not yet written out: queued, or in a write not yet done. */
  let pending = 0;
  let skipped = 0;
  let queue: string[] = [];
  let flushing: ReturnType<typeof setImmediate> | undefined;
  const flush = () => {
    flushing = undefined;
    const n = queue.length;
    const text = queue.join('');
    queue = [];
    void stream.write(text).then(() => {
      pending -= n;
      if (pending === 0 && skipped > 0) {
        const gap = skipped;
        skipped = 0;
        send(gapEvent(gap));
      }
    });
  };
  const send = (text: string) => {
    pending++;
    queue.push(text);
    flushing ??= setImmediate(flush);
  };
  const reader: Reader = {
    filter,
    offer(text) {
      // A client that does not read (a paused tab) must not grow the simulator's memory without end.
      if (pending >= MAX_PENDING) skipped++;
      else send(text);
    },
  };
  // Join and read the replay in the same turn: no entry can fall between the two.
  const leave = fanout.add(reader);
  const replay = replayOf(sim, filter);
  send(`retry: ${RETRY_MS}\n\n${replay.skipped > 0 ? gapEvent(replay.skipped) : ''}${replay.text}`);
  const stopHeartbeat = heartbeat(() => send(': heartbeat\n\n'));
  try {
    await new Promise<void>((resolve) => stream.onAbort(resolve));
  } finally {
    leave();
    stopHeartbeat();
    if (flushing) clearImmediate(flushing);
  }
}
