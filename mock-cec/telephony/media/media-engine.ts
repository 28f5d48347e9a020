/**
 * The simulated customer's media, as the SIP side sees it. Two flavours behind
 * one interface: WebRTC (DTLS-SRTP with ICE, for browser softphones registered
 * over WebSocket) and plain RTP/AVP with G.711 (for desktop softphones over
 * UDP/TCP: OpenEye, sipp, baresip). When answering, the flavour follows the
 * offer (UDP/TLS/RTP/SAVPF → webrtc, RTP/AVP → rtp); when offering, the caller
 * picks it from the callee's transport.
 */

import type { Mixer, MixPort } from './mixer.ts';
import type { OutsideStats } from './outside-party.ts';

/** What the customer sends. */
export type MediaSource =
  | { kind: 'tone'; frequencyHz?: number }
  | { kind: 'echo' }
  | { kind: 'silence' }
  | { kind: 'file'; path: string };

/**
 * Which way audio goes, seen from the customer: `both`; `one-way-in` (the
 * customer hears but sends nothing); `one-way-out` (sends, ignores what it
 * hears); `silent` (sends packets of silence: "packets but no sound").
 */
export type MediaMode = 'both' | 'one-way-in' | 'one-way-out' | 'silent';

export type MediaFlavour = 'webrtc' | 'rtp';

export interface MediaStats {
  flavour: MediaFlavour;
  packetsSent: number;
  packetsReceived: number;
  bytesSent: number;
  bytesReceived: number;
  /**
   * Sum over received audio of (sample/32768)², like WebRTC's totalAudioEnergy scaled per sample: rises only with sound.
   * Byte counts are RTP payload bytes. In `one-way-out` mode nothing is counted as received (the customer does not listen).
   */
  audioEnergyReceived: number;
  /**
   * Sum of (sample/32768)² of the hold tone the CEC's media played in the
   * customer's ear while it was held (decision record 007): the customer
   * hears it instead of the agent. Absent until the first hold.
   */
  audioEnergyHoldTone?: number;
  /** Epoch ms of the last packet received, if any. */
  lastPacketAt?: number;
  /**
   * Epoch ms at which these counters were read. A media worker pushes them every 100 ms, so a
   * rate between two readings divides by the difference of these, not by when they were asked for.
   */
  readAt?: number;
  /** WebRTC only: 'new' | 'connecting' | 'connected' | 'failed' | 'closed'. */
  dtlsState?: string;
}

/**
 * How the CEC's media hub routes a leg (decision record 007), on top of the
 * mode: whether the customer's audio goes out on it, and what the customer
 * hears of it: the party at the far end, nothing (the party is muted, or the
 * leg is on hold), or the hold tone instead.
 */
export interface MediaRoute {
  send: boolean;
  hear: 'peer' | 'nothing' | 'hold-tone';
}

export const OPEN_ROUTE: MediaRoute = { send: true, hear: 'peer' };

/**
 * A recorder's ears on a leg (issue 13 item 10): what the customer heard (the
 * party's audio decoded, or the hold tone) and what it sent, each as 8 kHz
 * 16-bit PCM frames in the order they happened. The frames are lent for the
 * call (the caller uses the buffer again): the tap copies what it keeps.
 */
export interface AudioTap {
  heard(pcm: Int16Array): void;
  sent(pcm: Int16Array): void;
}

export interface MediaSession {
  readonly flavour: MediaFlavour;
  stats(): MediaStats;
  /** Change direction or source mid-call (faults: one-way or silent audio). */
  setMode(mode: MediaMode): void;
  /** Route the leg in the CEC's media hub (hold, mute). */
  setRoute(route: MediaRoute): void;
  /**
   * Join the customer's mixer (consult, three-party: mixer.ts), or leave it
   * with undefined. While joined, the leg sends what the mixer makes of the
   * customer's voice and the other legs, and the mixer hears what arrives.
   */
  setMix(port: MixPort | undefined): void;
  /** Record the leg's audio through `tap`, or stop (undefined). */
  setTap(tap: AudioTap | undefined): void;
  close(): Promise<void>;
}

export interface MediaOptions {
  source: MediaSource;
  mode: MediaMode;
  /** Address to put in SDP and bind RTP to (the simulator's host). */
  host: string;
  /** A DTMF key received as an RFC 4733 telephone-event, once per key press. */
  onDtmf?: (key: string) => void;
  /**
   * The call the session belongs to: an engine that spreads media over
   * workers keeps a call's sessions and its mixer together (decision record 008).
   */
  group?: string;
  /** The media failed under the call (its media worker died), with why. */
  onFailure?: (why: string) => void;
}

/** What an outside party of a call said and heard so far (outside-party.ts), by party. */
export type OutsidePartyStats = OutsideStats & { party: string };

/**
 * What a call's legs need of its mixer (mixer.ts), wherever the mixer runs,
 * and the call's outside parties (outside-party.ts), which live beside the
 * mixer since they mix with it frame by frame (local-call-mixer.ts).
 * `leave` also stops an outside party.
 */
export interface CallMixer extends Pick<Mixer, 'parties' | 'join' | 'leave' | 'route' | 'flows'> {
  /**
   * An outside number answered: it joins the mixer at once and says its tone;
   * the customer's voice it is given (an outside party has no leg that makes
   * it) comes from `customerSource`, a description that can cross to a worker.
   */
  addOutside(party: string, customerSource: MediaSource, frequencyHz?: number): void;
  /** What each outside party said and heard (in a worker: as last pushed, at most 100 ms old). */
  outsideStats(): OutsidePartyStats[];
  /** The call is over: its outside parties stop and a worker lets go of the mixer. */
  close(): void;
  /**
   * Whether `flows()` already counts under the mixer's last change of parties
   * or routes: always in process; in a worker, once the worker's push after
   * that change has arrived (at most 100 ms). A reading taken as the baseline
   * of an absence ("nothing carried from now on") must be settled.
   */
  settled(): boolean;
}

export interface PendingOffer {
  sdp: string;
  session: MediaSession;
  /** Apply the callee's answer; media starts flowing. */
  accept(answerSdp: string): Promise<void>;
}

/**
 * Built by `createMediaEngine` (create-media-engine.ts). Expected failures
 * reject with a `MediaError` whose `code` says why and whose `sipStatus` is
 * the final response to send (488 for an offer we cannot serve, 500 for an
 * unusable audio file); `inspectOffer` (sdp.ts) checks an offer without
 * opening anything.
 */
export interface MediaEngine {
  /** Answer an SDP offer; the flavour follows the offer. Media starts at once (rtp) or once DTLS is up (webrtc). */
  answer(offerSdp: string, options: MediaOptions): Promise<{ sdp: string; session: MediaSession }>;
  /** Make an offer of the given flavour. */
  offer(flavour: MediaFlavour, options: MediaOptions): Promise<PendingOffer>;
  /** The mixer of a call (`group`) where its sessions are; without it, a Mixer in this process. */
  mixer?(group: string): CallMixer;
  /** Let go of what the engine runs on (media workers); its sessions end. */
  close?(): Promise<void>;
}
