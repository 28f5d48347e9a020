/**
 * The simulated customer's media on worker threads (decision record 008): a
 * MediaEngine whose sessions live in `node:worker_threads` workers, each
 * running the in-process engine (media-worker.ts), so the main loop keeps to
 * signalling. The SIP side sees the same interface; what differs:
 * - placement is per call: sessions and mixers of one `group` (the call) go to
 *   the same worker, since a call's mixer mixes its legs' PCM synchronously;
 * - `stats()` and a mixer's `flows()` read what the worker last pushed (at
 *   most 100 ms old; a closed session's final figures come with its close);
 * - recording taps and DTMF keys come back as messages;
 * - a worker that dies fails its sessions (`onFailure`, figures kept) and new
 *   calls go to the other workers, or in process when none is left.
 */
import type { Worker } from 'node:worker_threads';
import { type Logger, silentLogger } from '../../../infrastructure/primitives/logger.ts';
import { createMediaEngine } from '../create-media-engine.ts';
import { LocalCallMixer } from '../local-call-mixer.ts';
import type {
  AudioTap,
  CallMixer,
  MediaEngine,
  MediaFlavour,
  MediaMode,
  MediaOptions,
  MediaRoute,
  MediaSession,
  MediaSource,
  MediaStats,
  OutsidePartyStats,
  PendingOffer,
} from '../media-engine.ts';
import { MediaError, type MediaErrorCode } from '../media-error.ts';
import { type Flow, Mixer, type MixPort, type Route } from '../mixer.ts';
import { OUTSIDE_TONE_HZ } from '../outside-party.ts';
import type {
  Command,
  FromWorker,
  Push,
  Reply,
  Request,
  SerializedError,
  ToWorker,
  WorkerHeap,
} from './protocol.ts';
import { spawnMediaWorker } from './spawn-media-worker.ts';

export interface WorkerMediaEngineOptions {
  /** How many workers (at least 1). */
  workers: number;
  logger?: Logger;
  /** Where sessions go when every worker has died (default: the in-process engine). */
  fallback?: MediaEngine;
  /** Starts a worker; tests pass one that crashes. */
  spawn?: () => Worker;
  /** Each worker thread's nice value (MediaWorkerData.nice); absent: the process's. */
  nice?: number;
  /**
   * Start each worker on its first call rather than now. Default false: a
   * worker takes a second or more to load (under tsx, on a busy machine), and
   * the first call would ring that much later.
   */
  lazy?: boolean;
}

export interface WorkerMediaEngine extends MediaEngine {
  /** The mixer of a call, in the worker its legs are (or will be) placed in. */
  mixer(group: string): CallMixer;
  /** Terminate the workers; their sessions fail. */
  close(): Promise<void>;
  /** Live workers (for tests and the bench). */
  readonly liveWorkers: number;
  /**
   * Each live worker's V8 heap, after a full collection in it when the
   * process runs with `--expose-gc` (the soak's memory marks): the main
   * loop's heap figures leave the workers' out.
   */
  heaps(): Promise<WorkerHeap[]>;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Settle = { resolve(reply: Reply & { t: 'ok' }): void; reject(err: Error): void };

/** A worker and what the main loop knows of it. */
class Slot {
  readonly worker: Worker;
  readonly sessions = new Map<number, RemoteSession>();
  readonly mixers = new Map<number, RemoteMixer>();
  readonly #waiting = new Map<number, Settle>();
  #nextId = 1;
  dead: string | undefined;
  /** Messages posted to the worker, and how many of them it had received at its last push. */
  posted = 0;
  seen = 0;

  constructor(
    worker: Worker,
    private readonly logger: Logger,
    private readonly died: (slot: Slot, why: string) => void,
  ) {
    this.worker = worker;
    // The simulator's servers keep the process alive, not its media workers: a start that fails
    // half-way, or a caller that never closes the engine, still lets the process end.
    worker.unref();
    worker.on('message', (m: FromWorker) => this.#receive(m));
    worker.on('error', (err) => this.#die(`media worker failed: ${err.message}`));
    worker.on('exit', (code) => this.#die(`media worker exited with code ${code}`));
  }

  send(m: Command): void {
    if (this.dead) return;
    this.posted++;
    this.worker.postMessage(m satisfies ToWorker);
  }

  ask(m: DistributiveOmit<Request, 'id'>): Promise<Reply & { t: 'ok' }> {
    if (this.dead) return Promise.reject(new Error(this.dead));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.posted++;
      this.worker.postMessage({ ...m, id } as Request);
    });
  }

  #receive(m: FromWorker): void {
    switch (m.t) {
      case 'ok':
      case 'err': {
        const settle = this.#waiting.get(m.id);
        this.#waiting.delete(m.id);
        if (m.t === 'ok') settle?.resolve(m);
        else settle?.reject(deserialize(m.error));
        return;
      }
      case 'tick':
        this.#tick(m);
        return;
      case 'dtmf':
        this.sessions.get(m.sid)?.dtmf(m.key);
        return;
      case 'log':
        this.logger[m.level](m.message, m.fields);
        return;
    }
  }

  #tick(m: Push & { t: 'tick' }): void {
    this.seen = m.seen;
    for (const [sid, stats] of m.stats) this.sessions.get(sid)?.pushed(stats);
    for (const [id, flows] of m.mixers) this.mixers.get(id)?.pushed(flows);
    for (const [id, stats] of m.outside ?? []) this.mixers.get(id)?.pushedOutside(stats);
    for (const id of m.dropped ?? []) this.mixers.delete(id);
    for (const tap of m.taps) this.sessions.get(tap.sid)?.tapped(tap.heard, tap.frames);
  }

  #die(why: string): void {
    if (this.dead) return;
    this.#stop(why);
    for (const s of this.sessions.values()) s.failed(why);
    this.sessions.clear();
    this.died(this, why);
  }

  /** The engine closes (the simulator stops, its calls already drained): no failure to report. */
  async shutdown(): Promise<void> {
    // The worker closes its sockets first (protocol.ts, 'shutdown'): terminating a worker whose UDP
    // socket is receiving aborts the whole process on Node 20. A worker that does not answer in
    // time is terminated anyway.
    if (!this.dead) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, SHUTDOWN_GRACE_MS);
        timer.unref();
      });
      await Promise.race([this.ask({ t: 'shutdown' }).catch(() => undefined), late]);
      clearTimeout(timer);
      this.#stop('media engine closed');
    }
    for (const s of this.sessions.values()) s.failed(undefined);
    this.sessions.clear();
    await this.worker.terminate();
  }

  #stop(why: string): void {
    this.dead = why;
    for (const settle of this.#waiting.values()) settle.reject(new Error(why));
    this.#waiting.clear();
  }
}

/** How long a worker gets to close its sessions' sockets before it is terminated. */
const SHUTDOWN_GRACE_MS = 2000;

let nextSid = 1;
let nextMixer = 1;

class RemoteSession implements MediaSession {
  readonly sid = nextSid++;
  #stats: MediaStats;
  #tap?: AudioTap;
  #closed?: Promise<void>;

  constructor(
    private readonly slot: Slot,
    readonly flavour: MediaFlavour,
    private readonly options: MediaOptions,
  ) {
    this.#stats = {
      flavour,
      packetsSent: 0,
      packetsReceived: 0,
      bytesSent: 0,
      bytesReceived: 0,
      audioEnergyReceived: 0,
    };
  }

  stats(): MediaStats {
    return this.#stats;
  }

  setMode(mode: MediaMode): void {
    this.slot.send({ t: 'mode', sid: this.sid, mode });
  }

  setRoute(route: MediaRoute): void {
    this.slot.send({ t: 'route', sid: this.sid, route });
  }

  setMix(port: MixPort | undefined): void {
    if (port === undefined) {
      this.slot.send({ t: 'mix', sid: this.sid, mix: undefined });
      return;
    }
    const remote = remotePorts.get(port);
    if (remote?.slot !== this.slot) {
      // Cannot happen when the call's legs and mixer share a group; say so rather than mix nothing silently.
      this.options.onFailure?.('the call mixer is not in the media worker of this leg');
      return;
    }
    this.slot.send({ t: 'mix', sid: this.sid, mix: { mixer: remote.mixer, party: remote.party } });
  }

  setTap(tap: AudioTap | undefined): void {
    this.#tap = tap;
    this.slot.send({ t: 'tap', sid: this.sid, on: tap !== undefined });
  }

  close(): Promise<void> {
    this.#closed ??= this.slot.dead
      ? Promise.resolve()
      : this.slot.ask({ t: 'close', sid: this.sid }).then(
          (reply) => {
            if (reply.stats) this.#stats = reply.stats;
            this.slot.sessions.delete(this.sid);
          },
          () => {
            this.slot.sessions.delete(this.sid);
          },
        );
    return this.#closed;
  }

  pushed(stats: MediaStats): void {
    this.#stats = stats;
  }

  dtmf(key: string): void {
    this.options.onDtmf?.(key);
  }

  tapped(heard: boolean[], frames: Int16Array[]): void {
    const tap = this.#tap;
    if (!tap) return;
    frames.forEach((pcm, i) => {
      if (heard[i]) tap.heard(pcm);
      else tap.sent(pcm);
    });
  }

  /** The worker died: the figures so far stay, marked failed; the SIP side hears why. */
  failed(why: string | undefined): void {
    const dtlsState = why === undefined ? 'closed' : 'failed';
    this.#stats = { ...this.#stats, ...(this.flavour === 'webrtc' ? { dtlsState } : {}) };
    this.#closed ??= Promise.resolve();
    if (why !== undefined) this.options.onFailure?.(why);
  }
}

/** Which worker mixer a port handed out by a RemoteMixer stands for. */
const remotePorts = new WeakMap<MixPort, { slot: Slot; mixer: number; party: string }>();

const NOT_HERE = () => {
  throw new Error('this mixer port is in a media worker: only a worker session mixes through it');
};

/**
 * A call's mixer in a worker. A local Mixer shadows it to keep the parties
 * and check routes as the real one does (it carries no audio); flows are what
 * the worker last pushed. The call's outside parties are made in the worker
 * too, beside the real mixer, and their figures come with its flows.
 */
class RemoteMixer implements CallMixer {
  readonly id = nextMixer++;
  readonly #shadow = new Mixer();
  #flows: Flow[] = [];
  /** The slot's message count after this mixer's last change (settled()). */
  #changedAt = 0;
  /** The outside parties here now, with their tone (figures before the first push are zero). */
  readonly #outside = new Map<string, number>();
  #outsideStats: OutsidePartyStats[] = [];

  constructor(private readonly slot: Slot) {}

  get parties(): string[] {
    return this.#shadow.parties;
  }

  join(party: string): MixPort {
    this.#shadow.join(party);
    this.#send({ t: 'mixer-join', mixer: this.id, party });
    const port: MixPort = { heard: NOT_HERE, outgoing: NOT_HERE, customerHears: NOT_HERE };
    remotePorts.set(port, { slot: this.slot, mixer: this.id, party });
    return port;
  }

  leave(party: string): void {
    this.#shadow.leave(party);
    this.#outside.delete(party);
    this.#send({ t: 'mixer-leave', mixer: this.id, party });
  }

  addOutside(party: string, source: MediaSource, frequencyHz?: number): void {
    this.#shadow.join(party);
    this.#outside.set(party, frequencyHz ?? OUTSIDE_TONE_HZ);
    this.#outsideStats = this.#outsideStats.filter((s) => s.party !== party);
    this.#send({
      t: 'mixer-outside',
      mixer: this.id,
      party,
      source,
      ...(frequencyHz === undefined ? {} : { frequencyHz }),
    });
  }

  outsideStats(): OutsidePartyStats[] {
    return [...this.#outside].map(
      ([party, frequencyHz]) =>
        this.#outsideStats.find((s) => s.party === party) ?? {
          party,
          frequencyHz,
          framesSent: 0,
          framesHeard: 0,
          energyHeard: 0,
        },
    );
  }

  close(): void {
    this.#outside.clear();
    this.slot.send({ t: 'mixer-close', mixer: this.id });
  }

  route(routes: readonly Route[]): void {
    this.#shadow.route(routes);
    this.#send({ t: 'mixer-route', mixer: this.id, routes: [...routes] });
  }

  flows(): Flow[] {
    return this.#flows;
  }

  /** The worker pushed its flows after it applied this mixer's last change (it takes commands in order). */
  settled(): boolean {
    return this.slot.seen >= this.#changedAt;
  }

  #send(m: Command): void {
    this.slot.send(m);
    this.#changedAt = this.slot.posted;
  }

  pushed(flows: Flow[]): void {
    this.#flows = flows;
  }

  pushedOutside(stats: OutsidePartyStats[]): void {
    this.#outsideStats = stats;
  }
}

function deserialize(e: SerializedError): Error {
  if (e.name === 'MediaError' && e.code) return new MediaError(e.code as MediaErrorCode, e.message);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

/** FNV-1a: a call's group always lands on the same worker while it lives. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function createWorkerMediaEngine(options: WorkerMediaEngineOptions): WorkerMediaEngine {
  if (!Number.isInteger(options.workers) || options.workers < 1)
    throw new RangeError(`media workers must be a whole number from 1, not ${options.workers}`);
  const logger = options.logger ?? silentLogger;
  const spawn = options.spawn ?? (() => spawnMediaWorker({ nice: options.nice }));
  let fallback = options.fallback;
  /** Each worker's slot: undefined until first used, null when its worker could not be started. */
  const slots: (Slot | undefined | null)[] = Array.from({ length: options.workers }, () => undefined);
  let closing = false;
  let ungrouped = 0;

  const died = (slot: Slot, why: string) => {
    logger.error('media worker died; its calls lose their media', { why });
    void slot.worker.terminate();
  };

  /** Worker k, started if it has not been. */
  const slotAt = (k: number): Slot | undefined | null => {
    if (slots[k] === undefined && !closing) {
      try {
        slots[k] = new Slot(spawn(), logger, died);
      } catch (err) {
        logger.error('media worker could not start; calls go elsewhere', { why: String(err) });
        slots[k] = null;
      }
    }
    return slots[k];
  };

  /** The worker for a group (a call); undefined when every worker is dead. */
  const slotFor = (group: string | undefined): Slot | undefined => {
    const n = slots.length;
    const start = group === undefined ? ungrouped++ : hash(group);
    for (let i = 0; i < n; i++) {
      const slot = slotAt((start + i) % n);
      if (slot && !slot.dead) return slot;
    }
    return undefined;
  };
  if (!options.lazy) for (let k = 0; k < slots.length; k++) slotAt(k);

  const inProcess = () => {
    fallback ??= createMediaEngine({ logger });
    return fallback;
  };

  const wire = (o: MediaOptions) => ({ source: o.source, mode: o.mode, host: o.host });

  return {
    get liveWorkers() {
      return slots.filter((s) => s && !s.dead).length;
    },

    async answer(offerSdp, o) {
      const slot = slotFor(o.group);
      if (!slot) return inProcess().answer(offerSdp, o);
      // The flavour follows the offer; the worker checks the offer again before opening anything.
      const flavour: MediaFlavour = /UDP\/TLS\/RTP\/SAVPF/.test(offerSdp) ? 'webrtc' : 'rtp';
      const session = new RemoteSession(slot, flavour, o);
      let reply: Reply & { t: 'ok' };
      try {
        reply = await slot.ask({ t: 'answer', sid: session.sid, offerSdp, options: wire(o) });
      } catch (err) {
        // The worker died before answering (one that cannot even start): the call goes elsewhere.
        if (slot.dead) return this.answer(offerSdp, o);
        throw err;
      }
      // Known from its answer on: figures, DTMF and a worker's death reach it from now.
      slot.sessions.set(session.sid, session);
      if (reply.stats) session.pushed(reply.stats);
      return { sdp: reply.sdp ?? '', session };
    },

    async offer(flavour, o): Promise<PendingOffer> {
      const slot = slotFor(o.group);
      if (!slot) return inProcess().offer(flavour, o);
      const session = new RemoteSession(slot, flavour, o);
      let reply: Reply & { t: 'ok' };
      try {
        reply = await slot.ask({ t: 'offer', sid: session.sid, flavour, options: wire(o) });
      } catch (err) {
        if (slot.dead) return this.offer(flavour, o);
        throw err;
      }
      slot.sessions.set(session.sid, session);
      if (reply.stats) session.pushed(reply.stats);
      // A 200 OK retransmitted while the first is being applied (the worker's round trip widens that
      // window) would apply the answer twice, and werift refuses the second: apply it once.
      let accepted: Promise<void> | undefined;
      return {
        sdp: reply.sdp ?? '',
        session,
        accept: (answerSdp) => {
          accepted ??= slot.ask({ t: 'accept', sid: session.sid, answerSdp }).then(() => undefined);
          return accepted;
        },
      };
    },

    async heaps() {
      const live = slots.filter((s): s is Slot => !!s && !s.dead);
      // A worker that dies while asked is left out, as it is from liveWorkers.
      const replies = await Promise.all(live.map((s) => s.ask({ t: 'heap' }).catch(() => undefined)));
      return replies.flatMap((r) => (r?.heap ? [r.heap] : []));
    },

    mixer(group) {
      const slot = slotFor(group);
      if (!slot) return new LocalCallMixer();
      const mixer = new RemoteMixer(slot);
      slot.mixers.set(mixer.id, mixer);
      return mixer;
    },

    async close() {
      closing = true;
      await Promise.all(slots.map((s) => s?.shutdown()));
    },
  };
}
