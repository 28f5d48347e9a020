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
    close: () => ws.close(),
  };
}
