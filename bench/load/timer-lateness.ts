import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * How late the event loop's timers fire, at a percentile. Node's
 * `monitorEventLoopDelay` records the whole time between its timer's
 * callbacks, the period included (an idle loop reads ~10 ms at a 10 ms
 * resolution, as the histogram's own tests and nodejs/node#25378 show): the
 * lateness is what passes beyond the period.
 */
export class TimerLateness {
  readonly #histogram: IntervalHistogram;

  constructor(readonly resolutionMs = 10) {
    this.#histogram = monitorEventLoopDelay({ resolution: resolutionMs });
    this.#histogram.enable();
  }

  /** Forget what was recorded (the start of a measured window). */
  reset(): void {
    this.#histogram.reset();
  }

  /** Milliseconds late at the percentile (0–100) of what was recorded since the last reset. */
  percentileMs(p: number): number {
    return lateBy(this.#histogram.percentile(p), this.resolutionMs);
  }

  stop(): void {
    this.#histogram.disable();
  }
}

/** A recorded interval (ns) less the timer's period (ms), in ms, never below 0. */
export function lateBy(intervalNs: number, periodMs: number): number {
  return Math.max(0, intervalNs / 1e6 - periodMs);
}
