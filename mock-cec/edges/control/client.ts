/**
 * The control API's client: the package's `mock-cec/control` entry. One typed
 * client derived from the route records (typed-client.ts), and for Node a
 * constructor that trusts the simulator's development CA.
 */
import { Agent, fetch as undiciFetch } from 'undici';
import { type ControlClient, typedControlClient } from './typed-client.ts';

export type { ControlApp } from './control-api.ts';
export {
  type Answer,
  answer,
  ControlApiError,
  type ControlClient,
  type ControlResult,
  settle,
  typedControlClient,
} from './typed-client.ts';

export interface ControlClientOptions {
  /** The simulator's base URL, e.g. https://127.0.0.1:8043 */
  url: string;
  /** PEM of the CA to trust (mock-cec's development CA); the system store when absent. */
  ca?: string;
  /** Connections kept to the simulator (default 16). */
  connections?: number;
}

/** A typed client that also closes its connections. */
export interface NodeControlClient {
  readonly url: string;
  readonly api: ControlClient;
  close(): Promise<void>;
}

/** The typed client over HTTPS from Node, trusting `ca`. */
export function controlClient(o: ControlClientOptions): NodeControlClient {
  const dispatcher = new Agent({ connect: o.ca ? { ca: o.ca } : {}, connections: o.connections ?? 16 });
  const trusting = ((input: string | URL | Request, init?: RequestInit) =>
    undiciFetch(input as string, { ...(init as object), dispatcher })) as unknown as typeof fetch;
  const url = o.url.replace(/\/$/, '');
  return { url, api: typedControlClient(url, { fetch: trusting }), close: () => dispatcher.close() };
}
