import WebSocket from 'ws';

/**
 * The heap of another Node process, read through its inspector (started with
 * `--inspect=127.0.0.1:0`): collect garbage first, so that what is measured is
 * what is kept, not what is waiting to be collected.
 */
export interface HeapReader {
  /** After a full GC: V8 heap used and process RSS, in bytes. */
  measure(): Promise<{ heapUsed: number; rss: number }>;
  close(): void;
}

/** The inspector URL a process printed ("Debugger listening on ws://…"), once it did. */
export function inspectorUrl(output: string): string | undefined {
  return /Debugger listening on (ws:\/\/\S+)/.exec(output)?.[1];
}

export async function heapReader(url: string): Promise<HeapReader> {
  const { call, close } = await inspectorSession(url);
  return {
    async measure() {
      await call('HeapProfiler.collectGarbage');
      await call('HeapProfiler.collectGarbage');
      const r = (await call('Runtime.evaluate', {
        expression: 'JSON.stringify(process.memoryUsage())',
        returnByValue: true,
      })) as { result: { value: string } };
      const m = JSON.parse(r.result.value) as { heapUsed: number; rss: number };
      return { heapUsed: m.heapUsed, rss: m.rss };
    },
    close,
  };
}

/** A DevTools protocol session with another Node process: `call` sends a method and resolves with its result. */
async function inspectorSession(url: string) {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let id = 0;
  const pending = new Map<number, (result: unknown) => void>();
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as { id?: number; result?: unknown };
    if (msg.id !== undefined) pending.get(msg.id)?.(msg.result);
  });
  const call = (method: string, params?: object) =>
    new Promise<unknown>((resolve) => {
      pending.set(++id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  return { call, close: () => ws.close() };
}

/** The V8 CPU profiler of another Node process, through its inspector: start, then stop for the profile. */
export async function cpuProfiler(
  url: string,
): Promise<{ start(): Promise<void>; stop(): Promise<unknown>; close(): void }> {
  const { call, close } = await inspectorSession(url);
  await call('Profiler.enable');
  // 1 ms between samples: enough over a step of seconds, and cheap enough not to change the figure much.
  await call('Profiler.setSamplingInterval', { interval: 1000 });
  return {
    start: async () => {
      await call('Profiler.start');
    },
    stop: async () => ((await call('Profiler.stop')) as { profile: unknown }).profile,
    close,
  };
}
