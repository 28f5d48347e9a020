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
  /** A monotonic clock in ms; performance.now by default. */
  now?: () => number;
  maxBurst?: number;
}

/** The I/O edge: drive planFrames with a real timer until stopped. */
export function startPacer(options: PacerOptions): Pacer {
  const now = options.now ?? (() => performance.now());
  const maxBurst = options.maxBurst ?? 5;
  const start = now();
  let next = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = () => {
    timer = undefined;
    const plan = planFrames(start, next, now(), maxBurst);
    next = plan.next;
    for (const frame of plan.frames) {
      if (stopped) return;
      options.onFrame(frame);
    }
    if (!stopped) timer = setTimeout(tick, plan.waitMs);
  };
  tick();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
