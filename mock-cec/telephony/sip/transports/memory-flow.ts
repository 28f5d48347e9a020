import type { Flow, FlowSink } from './flow.ts';

/**
 * The in-process link between the proxy and the simulator's own UA (the
 * simulated customer): the same Flow interface a socket flow has, delivering
 * on the microtask queue so neither side re-enters the other mid-message.
 */
export interface MemoryLink {
  /** The proxy's side, known to the SIP server as an internal flow. */
  readonly flow: Flow;
  /** The UA sends to the proxy. */
  send(data: Buffer): void;
  /** The UA hears from the proxy. */
  onMessage(listener: (data: Buffer) => void): void;
}

export function memoryLink(
  id: string,
  local: () => { host: string; port: number },
  sink: FlowSink,
): MemoryLink {
  let toUa: (data: Buffer) => void = () => {};
  const flow: Flow = {
    id,
    transport: 'mem',
    reliable: true,
    internal: true,
    get local() {
      return local();
    },
    remote: 'simulated customer',
    send: (data) => {
      queueMicrotask(() => toUa(data));
      return true;
    },
    close: () => {},
  };
  sink.opened(flow);
  return {
    flow,
    send: (data) => queueMicrotask(() => sink.received(flow, data)),
    onMessage: (listener) => {
      toUa = listener;
    },
  };
}
