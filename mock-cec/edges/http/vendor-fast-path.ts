import type { IncomingMessage, ServerResponse } from 'node:http';
import { TrieRouter } from 'hono/router/trie-router';
import { type JsonObjectRead, lazyJsonObject } from '../../infrastructure/primitives/json-object.ts';
import type { Simulator } from '../../infrastructure/state/simulator.ts';
import { dispatch, type Outcome } from '../api/dispatch.ts';
import type { RouteDef, VendorRequest } from '../api/route.ts';

/** Vendor requests are small; anything larger is refused before it is read. [choice] */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The vendor APIs on a socket, straight from node:http: the same route records
 * and the same `dispatch` as the Hono and msw adapters, matched with Hono's own
 * router, without building a Fetch Request and Response per call: what lets
 * the simulator stay near a bare node:http server (decision records 004 and
 * 006, invariant 1). Anything it does not match goes on to Hono.
 *
 * Returns true when it took the request.
 */
export function vendorFastPath(
  routes: readonly RouteDef[],
  sim: Simulator,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const router = new TrieRouter<RouteDef>();
  for (const route of routes) for (const path of route.paths) router.add(route.method, path, route);

  return (req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const [matches] = router.match(req.method ?? 'GET', path) as [[RouteDef, Record<string, string>][]];
    const match = matches[0];
    if (!match) return false;
    const [route, params] = match;
    const failed = (err: unknown) => {
      sim.logger.error('vendor request failed', {
        path,
        error: err instanceof Error ? err.stack : String(err),
      });
      if (!res.headersSent)
        send(res, route.group.error(500, 'Internal error in the simulator (see its log)'));
      else res.destroy();
    };
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      send(res, route.group.error(413, `The request body is larger than ${MAX_BODY_BYTES} bytes`));
      req.resume();
      return true;
    }
    const respond = (body: string | undefined) => {
      if (body === undefined)
        return send(res, route.group.error(413, `The request body is larger than ${MAX_BODY_BYTES} bytes`));
      const outcome = dispatch(
        route,
        new NodeVendorRequest(route, params, path, url, q, req, res, body),
        sim,
      );
      if (outcome instanceof Promise) outcome.then((o) => finish(req, res, o), failed);
      else finish(req, res, outcome);
    };
    // GETs are answered in the same tick; bodies are read first.
    if (route.method === 'GET') respond('');
    else readBody(req).then(respond, failed);
    return true;
  };
}

/**
 * A request as handlers see it, read from node:http on demand. A class, not an
 * object literal: a literal with getters is built by V8's slow path straight in
 * old space, and then every request's young objects it points to (the socket's
 * request and response, the closures) outlive the next scavenge (decision
 * record 006, invariant 2).
 */
class NodeVendorRequest implements VendorRequest {
  readonly method: string;
  readonly jsonObject: () => JsonObjectRead;
  readonly remote: string | undefined;
  #query: URLSearchParams | undefined;
  #aborted: AbortController | undefined;

  constructor(
    route: RouteDef,
    readonly params: Record<string, string>,
    readonly path: string,
    private readonly url: string,
    private readonly q: number,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    readonly body: string,
  ) {
    this.method = route.method;
    this.jsonObject = lazyJsonObject(body);
    this.remote = req.socket.remoteAddress;
  }

  get query(): URLSearchParams {
    this.#query ??= new URLSearchParams(this.q === -1 ? '' : this.url.slice(this.q + 1));
    return this.#query;
  }

  header(name: string): string | undefined {
    const v = this.req.headers[name.toLowerCase()];
    return Array.isArray(v) ? v.join(', ') : v;
  }

  /** Made on first use only (the event long poll): a client that goes away aborts its wait. */
  get signal(): AbortSignal {
    if (!this.#aborted) {
      const controller = new AbortController();
      this.#aborted = controller;
      const res = this.res;
      res.once('close', () => {
        if (!res.writableFinished) controller.abort();
      });
    }
    return this.#aborted.signal;
  }
}

function finish(req: IncomingMessage, res: ServerResponse, outcome: Outcome): void {
  if ('drop' in outcome) req.socket.destroy();
  else send(res, outcome);
}

function send(
  res: ServerResponse,
  r: { status: number; headers: Record<string, string>; body: string; cookies?: string[] },
): void {
  for (const name in r.headers) res.setHeader(name, r.headers[name]!);
  if (r.cookies?.length) res.setHeader('set-cookie', r.cookies);
  if (r.status === 204) {
    // A 204 (the CORS preflight) has no body at all.
    res.statusCode = 204;
    res.end();
    return;
  }
  res.setHeader('content-length', Buffer.byteLength(r.body));
  res.statusCode = r.status;
  res.end(r.body);
}

/** The body as text, or undefined once it passes the size limit (a chunked body can lie about its length). */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        resolve(undefined);
      }
    });
    req.once('end', () => resolve(body));
    req.once('error', reject);
  });
}
