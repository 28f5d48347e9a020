import { createSocket, type Socket } from 'node:dgram';
import { percentile } from '../../harness/load/percentiles.ts';

/** How promptly the simulator's SIP side answered while calls were held. */
export interface OptionsFigures {
  sent: number;
  /** Answer times of the OPTIONS answered, ms. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Not answered within a second. */
  unanswered: number;
}

/** After this long an OPTIONS counts as unanswered (and its time as at least this). */
export const GIVE_UP_MS = 1000;

/**
 * SIP OPTIONS over UDP to the simulator every `everyMs` while started, each
 * timed from send to answer. Runs in a thread of its own (options-probe.ts),
 * so that the bench's own work (reading 150 phones' stats) does not delay
 * reading the answers and count against the simulator.
 */
export class OptionsTimer {
  readonly #waiting = new Map<string, number>();
  #times: number[] = [];
  #sent = 0;
  #unanswered = 0;
  #n = 0;
  #timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly socket: Socket,
    private readonly port: number,
    private readonly everyMs: number,
  ) {
    socket.on('message', (data) => {
      const at = performance.now();
      const callId = /^Call-ID:\s*(\S+)/im.exec(data.toString('latin1'))?.[1];
      const sentAt = callId === undefined ? undefined : this.#waiting.get(callId);
      if (sentAt === undefined || callId === undefined) return;
      this.#waiting.delete(callId);
      this.#times.push(at - sentAt);
    });
  }

  static async open(port: number, everyMs = 100): Promise<OptionsTimer> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new OptionsTimer(socket, port, everyMs);
  }

  start(): void {
    this.#times = [];
    this.#sent = 0;
    this.#unanswered = 0;
    this.#waiting.clear();
    clearInterval(this.#timer);
    this.#timer = setInterval(() => this.#send(), this.everyMs);
  }

  /**
   * Stop sending; the figures once every OPTIONS sent has been answered or
   * given up on (one sent just before the stop is waited for, not counted
   * as unanswered).
   */
  async stop(): Promise<OptionsFigures> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    const deadline = performance.now() + GIVE_UP_MS;
    while (this.#waiting.size > 0 && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    this.#unanswered += this.#waiting.size;
    this.#waiting.clear();
    const all = [...this.#times, ...Array.from({ length: this.#unanswered }, () => GIVE_UP_MS)];
    return {
      sent: this.#sent,
      p50Ms: percentile(all, 50),
      p99Ms: percentile(all, 99),
      maxMs: Math.max(0, ...all),
      unanswered: this.#unanswered,
    };
  }

  close(): Promise<void> {
    clearInterval(this.#timer);
    return new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }

  #send(): void {
    const now = performance.now();
    for (const [id, at] of this.#waiting) {
      if (now - at < GIVE_UP_MS) continue;
      this.#waiting.delete(id);
      this.#unanswered++;
    }
    const n = ++this.#n;
    const local = this.socket.address().port;
    const callId = `probe-${n}-${local}@127.0.0.1`;
    const text =
      `OPTIONS sip:127.0.0.1:${this.port} SIP/2.0\r\n` +
      `Via: SIP/2.0/UDP 127.0.0.1:${local};branch=z9hG4bK-probe${n}\r\n` +
      `From: <sip:probe@127.0.0.1>;tag=p${n}\r\nTo: <sip:127.0.0.1:${this.port}>\r\n` +
      `Call-ID: ${callId}\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n`;
    this.#waiting.set(callId, now);
    this.#sent++;
    this.socket.send(text, this.port, '127.0.0.1');
  }
}
