import { percentile } from '../../harness/load/percentiles.ts';
import type { PolledEvent } from './gateway-agent.ts';

/**
 * What the pollers received and what went wrong on the way: every event's
 * delay (the simulator's eventGenTime to the poller's receipt, ms), the
 * events by type, and the problems grouped by what they say.
 */
export class EventTally {
  readonly delays: number[] = [];
  readonly types: Record<string, number> = {};
  readonly problems: Record<string, number> = {};
  #window: number[] = [];

  event(event: PolledEvent, receivedAt: number): void {
    const delay = receivedAt - event.eventGenTime;
    this.delays.push(delay);
    this.#window.push(delay);
    this.types[event.eventType] = (this.types[event.eventType] ?? 0) + 1;
  }

  /** A problem; the numbers in it (ports, call ids, counts) are made N, so that one cause is one group. */
  problem(text: string, times = 1): void {
    const key = text.replace(/\d+/g, 'N');
    this.problems[key] = (this.problems[key] ?? 0) + times;
  }

  /** The events since the last window: how many and their delay p50/p99; a new window starts. */
  window(): { events: number; p50: number; p99: number } {
    const w = this.#window;
    this.#window = [];
    return { events: w.length, p50: percentile(w, 50), p99: percentile(w, 99) };
  }
}
