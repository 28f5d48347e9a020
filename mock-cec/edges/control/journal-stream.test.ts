import { Hono } from 'hono';
import { Agent, fetch } from 'undici';
import { describe, expect, it, vi } from 'vitest';
import { seedTenant } from '../../infrastructure/config/seed-tenant.ts';
import type { JournalEntry } from '../../infrastructure/journal/journal.ts';
import type { Simulator } from '../../infrastructure/state/simulator.ts';
import { getToken, testApp } from '../../testing/test-app.ts';
import { listen } from '../http/listen.ts';
import { journalStream, MAX_PENDING, MAX_READERS, MAX_REPLAY, parseStreamQuery } from './journal-stream.ts';

interface SseEvent {
  event?: string;
  id?: string;
  data?: string;
  comment?: string;
  retry?: string;
}

/** Reads server-sent events off a response body, one at a time (WHATWG HTML §9.2.6). */
function sseReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const parse = (block: string): SseEvent => {
    const e: SseEvent = {};
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) e.comment = line.slice(1).trim();
      else {
        const at = line.indexOf(':');
        const field = line.slice(0, at) as keyof SseEvent;
        e[field] = line.slice(at + 1).replace(/^ /, '');
      }
    }
    return e;
  };
  return {
    async next(): Promise<SseEvent> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          return parse(block);
        }
        const { done, value } = await reader.read();
        if (done) throw new Error('the stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    },
    /** The next event that carries a journal entry (skipping retry, heartbeats and gaps). */
    async entry(): Promise<JournalEntry> {
      for (;;) {
        const e = await this.next();
        if (e.data !== undefined && e.event === undefined) return JSON.parse(e.data) as JournalEntry;
      }
    },
    cancel: () => reader.cancel(),
  };
}

/** Counts live journal subscriptions and how often their listeners are called. */
function watchSubscriptions(sim: Simulator) {
  const counts = { live: 0, calls: 0 };
  const subscribe = sim.journal.subscribe.bind(sim.journal);
  vi.spyOn(sim.journal, 'subscribe').mockImplementation((listener) => {
    counts.live++;
    const off = subscribe((e) => {
      counts.calls++;
      listener(e);
    });
    return () => {
      counts.live--;
      return off();
    };
  });
  return counts;
}

const control = (sim: Simulator, tenant: string | undefined, action: string) =>
  sim.journal.append({ kind: 'control', at: 0, tenant, corr: sim.nextCorr(), action });

async function open(t: ReturnType<typeof testApp>, query: string, headers: Record<string, string> = {}) {
  const res = await t.request(`/__mock/journal/stream?${query}`, { headers });
  expect(res.status).toBe(200);
  return sseReader(res.body!);
}

describe('GET /__mock/journal/stream', () => {
  it('sends each new entry as one data line with its seq as id, after a retry hint', async () => {
    const t = testApp();
    const res = await t.request(`/__mock/journal/stream?tenant=${t.tenant.id}`);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const sse = sseReader(res.body!);
    expect(await sse.next()).toEqual({ retry: '2000' });

    await getToken(t);
    const raw = await sse.next();
    const entry = JSON.parse(raw.data!) as JournalEntry;
    expect(entry).toMatchObject({ kind: 'http', api: 'TokenByAkSk', status: 200, tenant: t.tenant.id });
    expect(raw.id).toBe(String(entry.seq));
    expect(t.sim.journal.query({ sinceSeq: entry.seq - 1, limit: 1 })).toEqual([entry]);
    await sse.cancel();
  });

  it("keeps to one tenant's entries", async () => {
    const t = testApp();
    const other = t.sim.addTenant(seedTenant(2, { agents: 1 }), 2);
    const sse = await open(t, `tenant=${t.tenant.id}`);
    control(t.sim, other.id, 'other.first');
    control(t.sim, undefined, 'no.tenant');
    control(t.sim, t.tenant.id, 'mine');
    expect(await sse.entry()).toMatchObject({ action: 'mine', tenant: t.tenant.id });
    await sse.cancel();
  });

  it('keeps to the kinds asked for, one or several', async () => {
    const t = testApp();
    const one = await open(t, 'kind=control');
    const two = await open(t, 'kind=http,control');
    await getToken(t);
    control(t.sim, t.tenant.id, 'after-the-token');
    expect(await one.entry()).toMatchObject({ kind: 'control', action: 'after-the-token' });
    expect(await two.entry()).toMatchObject({ kind: 'http' });
    expect(await two.entry()).toMatchObject({ kind: 'control' });
    await Promise.all([one.cancel(), two.cancel()]);
  });

  it('replays what a reconnecting client missed (since, or Last-Event-ID which wins)', async () => {
    const t = testApp();
    const first = control(t.sim, t.tenant.id, 'one');
    control(t.sim, t.tenant.id, 'two');
    control(t.sim, t.tenant.id, 'three');
    const bySince = await open(t, `tenant=${t.tenant.id}&since=${first.seq}`);
    expect(await bySince.entry()).toMatchObject({ action: 'two' });
    expect(await bySince.entry()).toMatchObject({ action: 'three' });
    const byHeader = await open(t, 'since=0', { 'Last-Event-ID': String(first.seq + 1) });
    expect(await byHeader.entry()).toMatchObject({ action: 'three' });
    control(t.sim, t.tenant.id, 'four');
    expect(await byHeader.entry()).toMatchObject({ action: 'four' });
    await Promise.all([bySince.cancel(), byHeader.cancel()]);
  });

  it('starts with the newest entries when asked for a tail', async () => {
    const t = testApp();
    for (const action of ['a', 'b', 'c']) control(t.sim, t.tenant.id, action);
    const sse = await open(t, `tenant=${t.tenant.id}&kind=control&tail=2`);
    expect(await sse.entry()).toMatchObject({ action: 'b' });
    expect(await sse.entry()).toMatchObject({ action: 'c' });
    await sse.cancel();
  });

  it('replays at most MAX_REPLAY entries and says how many it left out', async () => {
    const t = testApp();
    const before = t.sim.journal.count;
    for (let i = 0; i < MAX_REPLAY + 5; i++) control(t.sim, t.tenant.id, `n${i}`);
    const sse = await open(t, `kind=control&since=${before}`);
    expect(await sse.next()).toEqual({ retry: '2000' });
    expect(await sse.next()).toEqual({ event: 'gap', data: '{"skipped":5}' });
    expect(await sse.entry()).toMatchObject({ action: 'n5' });
    await sse.cancel();
  });

  it('skips entries for a reader that falls behind, then tells how many', async () => {
    const t = testApp();
    const sse = await open(t, 'kind=control');
    const sent = MAX_PENDING + 50;
    for (let i = 0; i < sent; i++) control(t.sim, t.tenant.id, `n${i}`);
    let received = 0;
    let skipped = 0;
    while (received + skipped < sent) {
      const e = await sse.next();
      if (e.event === 'gap') skipped += (JSON.parse(e.data!) as { skipped: number }).skipped;
      else if (e.data !== undefined) received++;
    }
    expect(skipped).toBeGreaterThan(0);
    expect(received + skipped).toBe(sent);
    await sse.cancel();
  });

  it('makes each entry into text once for all its readers, who get the same bytes (issue 14, item 5)', async () => {
    const t = testApp();
    const readers = await Promise.all(Array.from({ length: 6 }, () => open(t, 'kind=control')));
    for (const r of readers) expect(await r.next()).toEqual({ retry: '2000' });
    let made = 0;
    const entries = Array.from({ length: 20 }, (_, i) => ({
      kind: 'control' as const,
      at: 0,
      tenant: t.tenant.id,
      corr: t.sim.nextCorr(),
      action: `n${i}`,
      // JSON.stringify calls this: it counts how often the entry is serialized.
      toJSON(this: Record<string, unknown>) {
        made++;
        const { toJSON: _, ...plain } = this;
        return plain;
      },
    }));
    for (const e of entries) t.sim.journal.append(e);
    const received = await Promise.all(
      readers.map(async (r) => {
        const got: string[] = [];
        for (let i = 0; i < entries.length; i++) {
          const e = await r.next();
          got.push(`${e.id}\n${e.data}`);
        }
        return got.join('\n');
      }),
    );
    expect(made).toBe(entries.length);
    for (const text of received) expect(text).toBe(received[0]);
    expect(received[0]).toContain('"action":"n19"');
    await Promise.all(readers.map((r) => r.cancel()));
  });

  it('refuses readers past its cap with 503, and takes one again when a reader leaves', async () => {
    const t = testApp();
    const app = new Hono().route('/__mock', journalStream(t.sim, { maxReaders: 2 }));
    const a = sseReader((await app.request('/__mock/journal/stream')).body!);
    const b = sseReader((await app.request('/__mock/journal/stream')).body!);
    await a.next();
    await b.next();
    const refused = await app.request('/__mock/journal/stream');
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('too-many-readers');
    expect(MAX_READERS).toBe(32);
    await a.cancel();
    await vi.waitFor(async () => {
      const again = await app.request('/__mock/journal/stream');
      expect(again.status).toBe(200);
      await again.body!.cancel();
    });
    await b.cancel();
  });

  it('refuses a bad kind, a bad number and an unknown tenant in the control envelope', async () => {
    const t = testApp();
    const bad = await t.request('/__mock/journal/stream?kind=http,nope');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: { code: 'bad-query', message: expect.stringContaining('nope') },
    });
    expect((await t.request('/__mock/journal/stream?since=-1')).status).toBe(400);
    expect((await t.request('/__mock/journal/stream?tail=x')).status).toBe(400);
    const missing = await t.request('/__mock/journal/stream?tenant=nope');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('no-tenant');
  });

  it('leaves no listener behind when the client cancels', async () => {
    const t = testApp();
    const counts = watchSubscriptions(t.sim);
    const sse = await open(t, '');
    control(t.sim, t.tenant.id, 'seen');
    await sse.entry();
    expect(counts.live).toBe(1);
    await sse.cancel();
    await vi.waitFor(() => expect(counts.live).toBe(0));
    const calls = counts.calls;
    control(t.sim, t.tenant.id, 'after');
    expect(counts.calls).toBe(calls);
  });

  it('sends a heartbeat comment on schedule, and stops it when the client goes away', async () => {
    const t = testApp();
    const beats: { ms: number; beat: () => void; cancelled: boolean }[] = [];
    const app = new Hono().route(
      '/__mock',
      journalStream(t.sim, {
        every: (ms, beat) => {
          const b = { ms, beat, cancelled: false };
          beats.push(b);
          return () => {
            b.cancelled = true;
          };
        },
      }),
    );
    const sse = sseReader((await app.request('/__mock/journal/stream')).body!);
    expect(await sse.next()).toEqual({ retry: '2000' });
    expect(beats).toMatchObject([{ ms: 15_000, cancelled: false }]);
    beats[0]!.beat();
    expect(await sse.next()).toEqual({ comment: 'heartbeat' });
    await sse.cancel();
    await vi.waitFor(() => expect(beats[0]!.cancelled).toBe(true));
  });

  it('lets go of a real socket the client closes', async () => {
    const t = testApp();
    const counts = watchSubscriptions(t.sim);
    const server = await listen(t.app, { host: '127.0.0.1', port: 0 });
    const dispatcher = new Agent();
    try {
      const abort = new AbortController();
      const res = await fetch(`${server.url}/__mock/journal/stream?tenant=${t.tenant.id}`, {
        dispatcher,
        signal: abort.signal,
      });
      const sse = sseReader(res.body as ReadableStream<Uint8Array>);
      await getToken(t);
      expect(await sse.entry()).toMatchObject({ api: 'TokenByAkSk' });
      expect(counts.live).toBe(1);
      abort.abort();
      await vi.waitFor(() => expect(counts.live).toBe(0));
    } finally {
      await server.close();
      await dispatcher.close();
    }
  });
});

describe('parseStreamQuery', () => {
  const q = (params: Record<string, string>) => (name: string) => params[name];

  it('reads tenant, kinds, since and tail; caps the tail', () => {
    expect(parseStreamQuery(q({ tenant: 'T', kind: 'http, sip', since: '4', tail: '99999' }))).toEqual({
      ok: true,
      filter: { tenant: 'T', kinds: new Set(['http', 'sip']), since: 4, tail: MAX_REPLAY },
    });
    expect(parseStreamQuery(q({}))).toEqual({ ok: true, filter: {} });
  });

  it('prefers Last-Event-ID to since', () => {
    expect(parseStreamQuery(q({ since: '4' }), '9')).toEqual({ ok: true, filter: { since: 9 } });
  });

  it('explains what is wrong', () => {
    expect(parseStreamQuery(q({ kind: 'log' }))).toEqual({
      ok: false,
      message: expect.stringMatching(/^kind "log": must be one of http, sip/),
    });
    expect(parseStreamQuery(q({ since: '1.5' }))).toEqual({
      ok: false,
      message: 'since must be a whole number ≥ 0',
    });
  });
});
