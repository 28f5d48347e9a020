import { OldestFirst } from '../../../infrastructure/primitives/oldest-first.ts';
import { hostPort } from './flow.ts';

/**
 * The UDP transport's flows by peer address ("ip:port"), bounded: past
 * `maxPeers` the oldest is forgotten. `make` builds the flow of a peer met for
 * the first time.
 *
 * Every datagram asks for its sender's flow, and a busy peer sends datagram
 * after datagram (a phone's REGISTERs and calls; sipp sends everything from one
 * port): the last peer asked for is answered by comparing its address and port,
 * without making the "ip:port" key and looking it up (decision record 006,
 * invariant 13). `plainUdpPeers` is the same without it; the test holds one to
 * the other.
 */
export class UdpPeers<F> {
  readonly #byRemote = new Map<string, F>();
  readonly #oldest = new OldestFirst(this.#byRemote);
  #lastAddress: string | undefined;
  #lastPort = -1;
  #last: F | undefined;

  constructor(
    private readonly maxPeers: number,
    private readonly make: (address: string, port: number, remote: string) => F,
  ) {}

  get(address: string, port: number): F {
    if (port === this.#lastPort && address === this.#lastAddress) return this.#last!;
    const remote = hostPort(address, port);
    let flow = this.#byRemote.get(remote);
    if (flow === undefined) {
      if (this.#byRemote.size >= this.maxPeers) {
        const oldest = this.#oldest.next();
        if (oldest !== undefined) this.#byRemote.delete(oldest);
        // The last peer may be the one forgotten: it is met again by its key, and made anew.
        this.#lastAddress = undefined;
      }
      flow = this.make(address, port, remote);
      this.#byRemote.set(remote, flow);
    }
    this.#lastAddress = address;
    this.#lastPort = port;
    this.#last = flow;
    return flow;
  }

  get size(): number {
    return this.#byRemote.size;
  }
}

/** The plain version: a key made and looked up for every datagram. */
export function plainUdpPeers<F>(
  maxPeers: number,
  make: (address: string, port: number, remote: string) => F,
): { get(address: string, port: number): F } {
  const byRemote = new Map<string, F>();
  const oldest = new OldestFirst(byRemote);
  return {
    get(address, port) {
      const remote = hostPort(address, port);
      let flow = byRemote.get(remote);
      if (flow === undefined) {
        if (byRemote.size >= maxPeers) {
          const key = oldest.next();
          if (key !== undefined) byRemote.delete(key);
        }
        flow = make(address, port, remote);
        byRemote.set(remote, flow);
      }
      return flow;
    },
  };
}
