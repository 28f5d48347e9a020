import autocannon from 'autocannon';

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
  /** Server CPU per request in µs, when the server's CPU clock was given. */
  cpuPerRequestUs?: number;
}

export interface LoadOptions {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  durationSec: number;
  /** The server's CPU clock in µs, to report CPU per request (robust on a busy machine). */
  serverCpu?: () => number;
}

/** Drive one endpoint with autocannon (keep-alive, no pipelining) and return the figures. */
export async function load(o: LoadOptions): Promise<LoadResult> {
  const cpuBefore = o.serverCpu?.();
  const result = await autocannon({
    url: o.url,
    method: o.method,
    headers: o.headers,
    body: o.body,
    connections: o.connections,
    duration: o.durationSec,
    pipelining: 1,
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    cpuPerRequestUs:
      cpuBefore === undefined || !o.serverCpu
        ? undefined
        : (o.serverCpu() - cpuBefore) / result.requests.total,
  };
}
