import { FRAME_MS } from './audio-frame.ts';

/**
 * Sends a frame every 20 ms without drift. Each frame n is due at
 * start + n × 20 ms, computed from the start, never from the previous tick, so
 * timer lateness does not accumulate. After a stall (a busy event loop) the
 * pacer sends at most `maxBurst` late frames at once and skips the rest:
 * a receiver's jitter buffer copes with a short burst, not with a second of
 * audio at once, and the RTP timestamp still follows the wall clock.
 */

export interface PacerPlan {
  /** Frame numbers to send now, in order. */
  frames: number[];
  /** The next frame number to send after these. */
  next: number;
  /** How long until that frame is due (ms, ≥ 0). */
  waitMs: number;
}

/** Pure: which frames are due at `nowMs` for a pacer started at `startMs` whose next frame is `next`. */
export function planFrames(startMs: number, next: number, nowMs: number, maxBurst: number): PacerPlan {
  const due = Math.floor((nowMs - startMs) / FRAME_MS) + 1; // frames 0..due-1 are due
  let from = next;
  if (due - from > maxBurst) from = due - maxBurst;
  const frames: number[] = [];
  for (let n = from; n < due; n++) frames.push(n);
  const following = Math.max(due, from);
  return { frames, next: following, waitMs: Math.max(0, startMs + following * FRAME_MS - nowMs) };
}

export interface Pacer {
  stop(): void;
}

export interface PacerOptions {
  /** Called once per frame with its number (0, 1, 2, … with gaps only after a stall). */
  onFrame(frame: number): void;
  /** A monotonic clock in ms (performance.now by default): a pacer given its own runs on a frame clock of its own. */
  now?: () => number;
  /** The frame clock to run on; the thread's shared one by default. */
  clock?: FrameClock;
  maxBurst?: number;
}

/**
 * One timer for every pacer of a thread. With a timer per pacer, 100 calls
 * woke the thread 5,000 times a second, each wake-up a timer-list operation
 * and a trip through the event loop; on one shared 20 ms grid they wake it 50
 * times and every call's frame goes out in the same turn. Ticks are due at
 * origin + k × 20 ms (never drifting), and the timer runs only while some
 * pacer listens.
 */
export class FrameClock {
  readonly #listeners = new Set<(nowMs: number) => void>();
  #origin = 0;
  #tick = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(readonly now: () => number = () => performance.now()) {}

  /** The start of the grid slot `nowMs` falls in: a pacer started there has its frames due on the clock's ticks. */
  slotStart(nowMs: number): number {
    if (this.#listeners.size === 0) return nowMs;
    return this.#origin + Math.floor((nowMs - this.#origin) / FRAME_MS) * FRAME_MS;
  }

  /**
   * Call `listener` on every tick until the returned function is called. An
   * idle clock starts its grid at `originMs` (the first listener's start).
   */
  listen(listener: (nowMs: number) => void, originMs: number): () => void {
    if (this.#listeners.size === 0) {
      this.#origin = originMs;
      this.#tick = 0;
    }
    this.#listeners.add(listener);
    this.#schedule();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0 && this.#timer) {
        clearTimeout(this.#timer);
        this.#timer = undefined;
      }
    };
  }

  #schedule(): void {
    if (this.#timer || this.#listeners.size === 0) return;
    const nowMs = this.now();
    // The next tick after now: a late tick does not shift the grid.
    this.#tick = Math.max(this.#tick + 1, Math.floor((nowMs - this.#origin) / FRAME_MS) + 1);
    const wait = Math.max(0, this.#origin + this.#tick * FRAME_MS - nowMs);
    this.#timer = setTimeout(() => this.#fire(), wait);
  }

  #fire(): void {
    this.#timer = undefined;
    // A timer may fire up to a millisecond early (the event loop's clock is whole milliseconds):
    // that is still this tick, not a tick without frames followed by a burst.
    const nowMs = Math.max(this.now(), this.#origin + this.#tick * FRAME_MS);
    // Next tick first, so one listener that throws does not stop the others' next frames.
    this.#schedule();
    for (const listener of this.#listeners) listener(nowMs);
  }
}

let shared: FrameClock | undefined;

/** The frame clock of this thread (each worker thread has its own module instance, so its own clock). */
export function sharedFrameClock(): FrameClock {
  shared ??= new FrameClock();
  return shared;
}

/** The I/O edge: drive planFrames from a frame clock until stopped. Frame 0 goes out at once. */
export function startPacer(options: PacerOptions): Pacer {
  const clock = options.clock ?? (options.now ? new FrameClock(options.now) : sharedFrameClock());
  const maxBurst = options.maxBurst ?? 5;
  // Frame n is due at start + n × 20 ms: on the clock's ticks, when the grid already runs.
  const start = clock.slotStart(clock.now());
  let next = 0;
  let stopped = false;
  const send = (nowMs: number) => {
    const plan = planFrames(start, next, nowMs, maxBurst);
    next = plan.next;
    for (const frame of plan.frames) {
      if (stopped) return;
      options.onFrame(frame);
    }
  };
  send(clock.now());
  const unlisten = stopped ? undefined : clock.listen(send, start);
  return {
    stop() {
      stopped = true;
      unlisten?.();
    },
  };
}
