import type { ClientTransport } from './client-transports.ts';

/**
 * What the shared desk-phone suite (desk-phone-suite.ts) needs of a real
 * softphone it drives: baresip and Linphone each adapt their own console to
 * this (baresip.ts, linphone.ts).
 */
export interface DeskPhone {
  /** Its own folder (config, recordings). */
  readonly dir: string;
  /** Resolves when it shows an incoming call; take it before the call is placed. */
  incoming(): Promise<unknown>;
  /** Answers the ringing call by hand. */
  answer(): Promise<unknown>;
  /** Calls `user` at the simulator. */
  dial(user: string): void;
  /** Resolves when its call is up (from now on or, where the tool keeps events, since it began). */
  established(): Promise<unknown>;
  /** Resolves when its call has ended; take it before the other side hangs up. */
  ended(): Promise<unknown>;
  /** Hangs up and waits until its call has ended. */
  hangUp(): Promise<unknown>;
  /** Sends one DTMF key. */
  press(key: string): void;
  /** Asks for a blind transfer (REFER) of its call to `user`; resolves once the tool has sent it. */
  transfer(user: string): Promise<unknown>;
  /** Puts its call on hold (its own re-INVITE, sendonly or inactive); resolves once the tool says so, where it does. */
  hold(): Promise<unknown>;
  /** Resumes its held call (a re-INVITE, sendrecv). */
  resume(): void;
  /** How many bytes of what it decoded it has written so far. */
  recordedBytes(): Promise<number>;
  /**
   * How many seconds of the other side's RTP its decoder has taken in so far,
   * where the tool reports it (baresip): the suite's measure of its hearing
   * after its own hold and resume when its recording stops (`recordsAfterResume`).
   */
  decodedSeconds?(): Promise<number>;
  /** What it decoded during its call, once the call is over (it may quit to write it). */
  heard(): Promise<Int16Array>;
  stop(): Promise<number | null>;
}

export interface DeskPhoneOptions {
  /** A folder of its own. */
  dir: string;
  sipAccount: string;
  sipPwd: string;
  host: string;
  /** The SIP port for `transport` (the TLS listener for TLS). */
  port: number;
  transport: ClientTransport;
  /** The development CA, for a tool that takes it. */
  caFile?: string;
}

/** A softphone and what the suite expects of it. */
export interface DeskPhoneDriver {
  /** Its name in the suite's title and temporary folders. */
  name: string;
  /** Installed (or installable) here; otherwise why not, and the suite is skipped. */
  available(): Promise<{ ok: true } | { ok: false; reason: string }>;
  /** What its User-Agent starts with. */
  userAgent: RegExp;
  /** The first tenant seed of its suite (one tenant per transport from there). */
  seed: number;
  /** Energy that is sound, not silence, for its tone (audio-frame.ts). */
  sound: number;
  /** Bytes of each other's audio both phones of an agent-to-agent call record before hanging up. */
  crossBytes: number;
  /** What the bar's Answer says when it cannot answer this phone (200-002). */
  answerRefusal: RegExp;
  /** The keys it presses on the echo call before the refused transfer, and after it if the call goes on. */
  keys: { beforeTransfer: string; afterTransfer: string };
  /**
   * Whether its recording of what it decoded grows again after its own hold
   * and resume, so the suite can measure the customer's audio the phone hears
   * after the resume. baresip 1.0's does not, and the simulator is not the
   * cause (measured 2026-12-05 over UDP, TCP and TLS): its recording is the
   * sndfile module, a decode filter, and baresip 1.0 drops its decode filter
   * chain when its own hold re-INVITE is answered and never sets it up again
   * (baresip issue #1496, "Call on hold flushes audio decode filters", fixed
   * after 1.0 by pull request #1498, "audio: fix aufilt_setup update
   * handling", June 2021: `audio_start`'s `aufilt_setup` returns early while
   * the encode filters are still there). Its `audio_debug` shows it: `audio
   * rx pipeline: aubridge <--- sndfile <--- PCMU` before the hold, `aubridge
   * <--- PCMU` after it, while the encode pipeline keeps sndfile; its `-dec.wav`
   * stays at the ~15 kB written before the hold. After the resume its decoder
   * goes on taking the customer's RTP (`rx: … time` grows 1.5 s per 1.5 s,
   * `n_discard:0`, jitter buffer running, no loss), so for it the suite
   * measures `decodedSeconds` instead.
   */
  recordsAfterResume: boolean;
  /** Whether its call goes on after a refused transfer (else the tool hangs up itself). */
  keepsCallAfterRefusedTransfer: boolean;
  start(o: DeskPhoneOptions): Promise<DeskPhone>;
}
