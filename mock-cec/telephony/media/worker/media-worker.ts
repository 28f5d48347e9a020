/**
 * A media worker (decision record 008): the in-process media engine
 * (create-media-engine.ts) on a thread of its own, driven by the main loop's
 * WorkerMediaEngine over the worker's port (protocol.ts). It owns the
 * sessions and the mixers of the calls placed on it, with the calls' outside
 * parties beside their mixers (local-call-mixer.ts), and tells the main loop,
 * every 100 ms, each session's figures, each mixer's flows and outside
 * parties' figures, and the frames recording taps saw.
 */
import { getPriority, setPriority } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import type { Logger } from '../../../infrastructure/primitives/logger.ts';
import { createMediaEngine } from '../create-media-engine.ts';
import { LocalCallMixer } from '../local-call-mixer.ts';
import type { MediaSession, OutsidePartyStats, PendingOffer } from '../media-engine.ts';
import { MediaError } from '../media-error.ts';
import type { MixPort } from '../mixer.ts';
import type { Command, FromWorker, Push, Request, SerializedError, TapFrames, ToWorker } from './protocol.ts';
import type { MediaWorkerData } from './spawn-media-worker.ts';

/** How often figures, flows and recorded frames go to the main loop. */
export const TICK_MS = 100;

const port = parentPort;
if (!port) throw new Error('media-worker.ts runs in a worker thread');

const post = (m: FromWorker) => port.postMessage(m);
const logger: Logger = {
  info: (message, fields) => post({ t: 'log', level: 'info', message, fields }),
  warn: (message, fields) => post({ t: 'log', level: 'warn', message, fields }),
  error: (message, fields) => post({ t: 'log', level: 'error', message, fields }),
};
const engine = createMediaEngine({ logger });

// On Linux a nice value is the calling thread's own: this one's, not the main loop's.
const { nice } = (workerData ?? {}) as MediaWorkerData;
if (nice !== undefined) {
  try {
    setPriority(nice);
  } catch (err) {
    logger.warn('media worker: nice value refused', { nice, kept: getPriority(), why: String(err) });
  }
}

interface Live {
  session: MediaSession;
  pending?: PendingOffer;
  mixer?: number;
  tap?: TapFrames;
}

interface MixerSlot {
  mixer: LocalCallMixer;
  ports: Map<string, MixPort>;
  sessions: Set<number>;
}

const sessions = new Map<number, Live>();
const mixers = new Map<number, MixerSlot>();
/** Messages received, in the order posted (Push 'tick'.seen). */
let seen = 0;

function mixerSlot(id: number): MixerSlot {
  let slot = mixers.get(id);
  if (!slot) {
    slot = { mixer: new LocalCallMixer(), ports: new Map(), sessions: new Set() };
    mixers.set(id, slot);
  }
  return slot;
}

function serialize(err: unknown): SerializedError {
  if (err instanceof MediaError) return { name: err.name, message: err.message, code: err.code };
  return err instanceof Error
    ? { name: err.name, message: err.message }
    : { name: 'Error', message: String(err) };
}

async function request(m: Request): Promise<void> {
  try {
    switch (m.t) {
      case 'answer': {
        const { sdp, session } = await engine.answer(m.offerSdp, { ...m.options, onDtmf: dtmf(m.sid) });
        sessions.set(m.sid, { session });
        post({ t: 'ok', id: m.id, sdp, stats: session.stats() });
        return;
      }
      case 'offer': {
        const pending = await engine.offer(m.flavour, { ...m.options, onDtmf: dtmf(m.sid) });
        sessions.set(m.sid, { session: pending.session, pending });
        post({ t: 'ok', id: m.id, sdp: pending.sdp, stats: pending.session.stats() });
        return;
      }
      case 'accept': {
        const live = sessions.get(m.sid);
        if (!live?.pending) throw new Error(`no offer pending for media session ${m.sid}`);
        await live.pending.accept(m.answerSdp);
        post({ t: 'ok', id: m.id });
        return;
      }
      case 'shutdown': {
        clearInterval(ticking);
        const closing = [...sessions.values()].map((live) => live.session.close());
        sessions.clear();
        for (const slot of mixers.values()) slot.mixer.close();
        mixers.clear();
        await Promise.allSettled(closing);
        post({ t: 'ok', id: m.id });
        return;
      }
      case 'heap': {
        // A worker shares the process's V8 flags: under --expose-gc it has its own `gc` (its isolate's).
        const gc = (globalThis as { gc?: () => void }).gc;
        gc?.();
        const h = getHeapStatistics();
        post({
          t: 'ok',
          id: m.id,
          heap: {
            usedHeapSize: h.used_heap_size,
            totalHeapSize: h.total_heap_size,
            externalMemory: h.external_memory,
            collected: gc !== undefined,
          },
        });
        return;
      }
      case 'close': {
        const live = sessions.get(m.sid);
        if (live) {
          await live.session.close();
          sessions.delete(m.sid);
          leaveMixer(m.sid, live);
          // The last frames a tap saw go out before the close is answered.
          if (live.tap && live.tap.frames.length > 0)
            post({ t: 'tick', seen, stats: [], mixers: [], taps: [live.tap] });
        }
        post({ t: 'ok', id: m.id, stats: live?.session.stats() });
        return;
      }
    }
  } catch (err) {
    post({ t: 'err', id: m.id, error: serialize(err) });
  }
}

function dtmf(sid: number) {
  return (key: string) => post({ t: 'dtmf', sid, key });
}

/**
 * A closed session's mixer is dropped with the last of its sessions, unless an
 * outside party still talks in it (the customer and the number, once the
 * agent's leg is gone): then the main loop's close drops it.
 */
function leaveMixer(sid: number, live: Live): void {
  if (live.mixer === undefined) return;
  const slot = mixers.get(live.mixer);
  slot?.sessions.delete(sid);
  if (slot && slot.sessions.size === 0 && !slot.mixer.hasOutside) dropMixer(live.mixer, slot);
}

/** The mixer's last flows and outside figures go out with its drop. */
function dropMixer(id: number, slot: MixerSlot): void {
  const outside = slot.mixer.outsideStats();
  slot.mixer.close();
  mixers.delete(id);
  post({
    t: 'tick',
    seen,
    stats: [],
    mixers: [[id, slot.mixer.flows()]],
    ...(outside.length > 0 ? { outside: [[id, outside]] } : {}),
    taps: [],
    dropped: [id],
  });
}

function command(m: Command): void {
  switch (m.t) {
    case 'mixer-join': {
      const slot = mixerSlot(m.mixer);
      slot.ports.set(m.party, slot.mixer.join(m.party));
      return;
    }
    case 'mixer-leave': {
      const slot = mixers.get(m.mixer);
      slot?.mixer.leave(m.party);
      slot?.ports.delete(m.party);
      return;
    }
    case 'mixer-route':
      mixerSlot(m.mixer).mixer.route(m.routes);
      return;
    case 'mixer-outside':
      mixerSlot(m.mixer).mixer.addOutside(m.party, m.source, m.frequencyHz);
      return;
    case 'mixer-close': {
      const slot = mixers.get(m.mixer);
      if (slot) dropMixer(m.mixer, slot);
      return;
    }
  }
  const live = sessions.get(m.sid);
  if (!live) return; // closed meanwhile: nothing to change
  switch (m.t) {
    case 'mode':
      live.session.setMode(m.mode);
      return;
    case 'route':
      live.session.setRoute(m.route);
      return;
    case 'mix': {
      if (live.mixer !== undefined) mixers.get(live.mixer)?.sessions.delete(m.sid);
      live.mixer = m.mix?.mixer;
      const slot = m.mix ? mixerSlot(m.mix.mixer) : undefined;
      slot?.sessions.add(m.sid);
      live.session.setMix(m.mix ? slot?.ports.get(m.mix.party) : undefined);
      return;
    }
    case 'tap': {
      if (!m.on) {
        live.tap = undefined;
        live.session.setTap(undefined);
        return;
      }
      const tap: TapFrames = { sid: m.sid, heard: [], frames: [] };
      live.tap = tap;
      live.session.setTap({
        heard(pcm) {
          tap.heard.push(true);
          tap.frames.push(pcm.slice());
        },
        sent(pcm) {
          tap.heard.push(false);
          tap.frames.push(pcm.slice());
        },
      });
      return;
    }
  }
}

function tick(): void {
  if (sessions.size === 0 && mixers.size === 0) return;
  const outside: [number, OutsidePartyStats[]][] = [];
  const push: Push & { t: 'tick' } = { t: 'tick', seen, stats: [], mixers: [], outside, taps: [] };
  for (const [sid, live] of sessions) {
    push.stats.push([sid, live.session.stats()]);
    if (live.tap && live.tap.frames.length > 0) {
      push.taps.push({ ...live.tap });
      live.tap.heard = [];
      live.tap.frames = [];
    }
  }
  for (const [id, slot] of mixers) {
    push.mixers.push([id, slot.mixer.flows()]);
    if (slot.mixer.hasOutside) outside.push([id, slot.mixer.outsideStats()]);
  }
  post(push);
}

const ticking = setInterval(tick, TICK_MS);
// werift is loaded on the first WebRTC call in process (create-media-engine.ts); here, off the main
// loop, load it now so that call does not wait for it.
void import('../webrtc-session.ts');

port.on('message', (m: ToWorker) => {
  seen++;
  if ('id' in m) void request(m);
  else command(m);
});
