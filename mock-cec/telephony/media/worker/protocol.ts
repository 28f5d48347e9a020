/**
 * The messages between the simulator's main loop and a media worker
 * (worker-media-engine.ts ↔ media-worker.ts). Plain `postMessage` on the
 * worker's own port rather than an RPC library such as comlink: besides
 * request/answer pairs the worker pushes on its own (a stats and recording
 * tick every 100 ms, DTMF keys) and most calls are fire-and-forget in order
 * (`setRoute`, `setMix`); comlink would proxy each callback through a
 * MessageChannel of its own and add a dependency for some forty lines here.
 */

import type {
  MediaFlavour,
  MediaMode,
  MediaRoute,
  MediaSource,
  MediaStats,
  OutsidePartyStats,
} from '../media-engine.ts';
import type { Flow, Route } from '../mixer.ts';

/** What a worker session is told at creation (MediaOptions without the callbacks). */
export interface WorkerMediaOptions {
  source: MediaSource;
  mode: MediaMode;
  host: string;
}

/** Requests that get an answer (`Reply` with the same id). */
export type Request =
  | { t: 'answer'; id: number; sid: number; offerSdp: string; options: WorkerMediaOptions }
  | { t: 'offer'; id: number; sid: number; flavour: MediaFlavour; options: WorkerMediaOptions }
  | { t: 'accept'; id: number; sid: number; answerSdp: string }
  | { t: 'close'; id: number; sid: number }
  /**
   * The engine closes: the worker closes every session and mixer (their
   * sockets) before it is terminated. Node 20 aborts the whole process when a
   * worker is terminated while a UDP socket of it receives (a fatal
   * `FromJust` in UDPWrap::OnRecv), so nothing may be left listening.
   */
  | { t: 'shutdown'; id: number }
  /**
   * The worker's own V8 heap (a worker is an isolate of its own: the main
   * loop's `gc()` and `process.memoryUsage().heapUsed` do not reach it), after
   * a full collection when the process runs with `--expose-gc` (the benches'
   * simulator). Answered with `heap`.
   */
  | { t: 'heap'; id: number };

/** Fire-and-forget commands, applied in the order sent. */
export type Command =
  | { t: 'mode'; sid: number; mode: MediaMode }
  | { t: 'route'; sid: number; route: MediaRoute }
  | { t: 'mix'; sid: number; mix: { mixer: number; party: string } | undefined }
  | { t: 'tap'; sid: number; on: boolean }
  | { t: 'mixer-join'; mixer: number; party: string }
  | { t: 'mixer-leave'; mixer: number; party: string }
  | { t: 'mixer-route'; mixer: number; routes: Route[] }
  /** An outside party made in the worker, beside the mixer it joins (CallMixer.addOutside). */
  | { t: 'mixer-outside'; mixer: number; party: string; source: MediaSource; frequencyHz?: number }
  /** The call is over: the mixer's outside parties stop and the worker lets go of it. */
  | { t: 'mixer-close'; mixer: number };

export type ToWorker = Request | Command;

export interface SerializedError {
  name: string;
  message: string;
  /** A MediaError's code. */
  code?: string;
}

/** A worker's V8 heap, bytes (`v8.getHeapStatistics()`; Node 20 has no `worker.getHeapStatistics()`). */
export interface WorkerHeap {
  usedHeapSize: number;
  totalHeapSize: number;
  /** Array buffers and external strings the heap points to (RTP packets, PCM frames). */
  externalMemory: number;
  /** Whether a full collection ran first (only with `--expose-gc` in the process). */
  collected: boolean;
}

export type Reply =
  | { t: 'ok'; id: number; sdp?: string; stats?: MediaStats; heap?: WorkerHeap }
  | { t: 'err'; id: number; error: SerializedError };

/** Frames a recording tap saw since the last tick, in order: `heard[i]` says which way `frames[i]` went. */
export interface TapFrames {
  sid: number;
  heard: boolean[];
  frames: Int16Array[];
}

export type Push =
  | {
      t: 'tick';
      /**
       * How many messages the worker had received when it made this push: the
       * main loop counts what it posted, so a mixer knows whether its last
       * change is in the flows (RemoteMixer.settled).
       */
      seen: number;
      stats: [sid: number, stats: MediaStats][];
      mixers: [mixer: number, flows: Flow[]][];
      /** Each mixer's outside parties, what they said and heard (mixers without any left out). */
      outside?: [mixer: number, stats: OutsidePartyStats[]][];
      taps: TapFrames[];
      /** Mixers the worker let go of (their last sessions closed), after their final flows above. */
      dropped?: number[];
    }
  | { t: 'dtmf'; sid: number; key: string }
  | { t: 'log'; level: 'info' | 'warn' | 'error'; message: string; fields?: Record<string, unknown> };

export type FromWorker = Reply | Push;
