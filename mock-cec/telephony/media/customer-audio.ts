import type { Clock } from '../../infrastructure/primitives/clock.ts';
import { audioEnergy, FRAME_SAMPLES, SILENT_FRAME } from './audio-frame.ts';
import type { FrameSource } from './frame-source.ts';
import { decodeG711, encodeG711, type G711Law } from './g711.ts';
import {
  type AudioTap,
  type MediaMode,
  type MediaRoute,
  type MediaStats,
  OPEN_ROUTE,
} from './media-engine.ts';
import type { MixPort } from './mixer.ts';
import { holdToneFrame } from './tone.ts';

export { HOLD_TONE_HZ } from './tone.ts';

/** The counters of MediaStats that the audio pipeline keeps (the flavour and DTLS state come from the transport). */
export type AudioCounters = Omit<MediaStats, 'flavour' | 'dtlsState'>;

/**
 * The customer's ears and mouth, shared by both media flavours and free of
 * I/O: the transport hands it what arrived and asks it what to send for each
 * 20 ms frame. The mode decides both (see MediaMode):
 *
 *   mode         sends                 hears (counted, measured, echoed)
 *   both         the source            yes
 *   one-way-in   nothing               yes
 *   one-way-out  the source            no: packets are dropped unseen, as on a
 *                                          path that loses one direction
 *   silent       G.711 silence         yes
 *
 * With the echo source, one-way-out echoes nothing (nothing is heard), so it
 * sends silence: that is what an echo customer with a dead receive path does.
 * Byte counts are RTP payload bytes, as WebRTC's inbound/outbound-rtp report them.
 */
export class CustomerAudio {
  #mode: MediaMode;
  #route: MediaRoute = OPEN_ROUTE;
  /** In a consult or three-party call: the customer's mixer, which says what this leg sends and takes what it hears. */
  #mix: MixPort | undefined;
  #tap: AudioTap | undefined;
  readonly #counters: AudioCounters = {
    packetsSent: 0,
    packetsReceived: 0,
    bytesSent: 0,
    bytesReceived: 0,
    audioEnergyReceived: 0,
  };
  /**
   * What payloadFor returns and what receive decodes into, used again packet
   * after packet: lent, not given (the transports copy the payload into their
   * packet; taps, mixers and sources copy what they keep), so that a call's
   * media makes no garbage per packet for the media thread to collect.
   */
  #payload = new Uint8Array(FRAME_SAMPLES);
  #heard = new Int16Array(FRAME_SAMPLES);

  constructor(
    private readonly source: FrameSource,
    mode: MediaMode,
    private readonly clock: Clock,
  ) {
    this.#mode = mode;
  }

  get mode(): MediaMode {
    return this.#mode;
  }

  setMode(mode: MediaMode): void {
    this.#mode = mode;
  }

  /** The hub's routing (hold, mute), on top of the mode: see MediaRoute. */
  setRoute(route: MediaRoute): void {
    this.#route = route;
    if (route.hear === 'hold-tone') this.#counters.audioEnergyHoldTone ??= 0;
  }

  /** Join this leg to the customer's mixer (mixer.ts), or leave it (undefined): back to the source alone. */
  setMix(port: MixPort | undefined): void {
    this.#mix = port;
  }

  /** Record what the customer hears and sends (a recording of the leg), or stop. */
  setTap(tap: AudioTap | undefined): void {
    this.#tap = tap;
  }

  /**
   * The payload to send as frame `index`, or undefined when the customer sends
   * nothing. Counts it as sent. Lent until the next call: copy it to keep it.
   */
  payloadFor(index: number, law: G711Law): Uint8Array | undefined {
    // Always draw the frame, so that an echo FIFO drains and a tone keeps its phase while muted.
    const own = this.source.frame(index);
    // Held: the customer hears the hub's hold tone, one frame per frame time. Mixed (a consult,
    // a three-party call), the mixer's routes say whether the customer is held.
    const mixed = this.#mix !== undefined && this.#route.hear === 'peer' && this.#mode !== 'one-way-out';
    const heldInMix = mixed && this.#mix?.customerHeld?.() === true;
    if (this.#route.hear === 'hold-tone' || heldInMix) {
      // A recording of a mixed leg takes the mixer's tone (booked there as hold-tone → customer, as the
      // customer's other ears are); otherwise the tone is made here.
      const tone =
        heldInMix && this.#tap && this.#mix ? this.#mix.customerHears(own.length) : holdToneFrame(index);
      this.#counters.audioEnergyHoldTone = (this.#counters.audioEnergyHoldTone ?? 0) + audioEnergy(tone);
      this.#tap?.heard(tone);
    } else if (mixed && this.#tap && this.#mix) {
      // Mixed: what reaches the customer's ears this frame is the mixer's sum of the legs routed to it.
      this.#tap.heard(this.#mix.customerHears(own.length));
    }
    if (this.#mode === 'one-way-in' || !this.#route.send) return undefined;
    const pcm = this.#mix ? this.#mix.outgoing(own) : own;
    const sending =
      this.#mode !== 'silent'
        ? pcm
        : pcm.length === FRAME_SAMPLES
          ? SILENT_FRAME
          : new Int16Array(pcm.length);
    this.#tap?.sent(sending);
    if (this.#payload.length < sending.length) this.#payload = new Uint8Array(sending.length);
    const payload = encodeG711(law, sending, this.#payload);
    this.#counters.packetsSent++;
    this.#counters.bytesSent += payload.length;
    return payload;
  }

  /** A packet arrived; `law` is undefined for payloads that are not G.711 audio (DTMF, comfort noise). */
  receive(payload: Uint8Array, law: G711Law | undefined): void {
    // Dropped unseen: the customer does not listen, or the hub does not pass this party's audio on.
    if (this.#mode === 'one-way-out' || this.#route.hear !== 'peer') return;
    const c = this.#counters;
    c.packetsReceived++;
    c.bytesReceived += payload.length;
    c.lastPacketAt = this.clock.now();
    if (!law) return;
    if (this.#heard.length < payload.length) this.#heard = new Int16Array(payload.length);
    const pcm = decodeG711(law, payload, this.#heard);
    c.audioEnergyReceived += audioEnergy(pcm);
    // Mixed, the customer hears the sum of the legs routed to it: the tap takes that on the frame clock (payloadFor).
    if (this.#mix) this.#mix.heard(pcm);
    else this.#tap?.heard(pcm);
    this.source.hear(pcm);
  }

  counters(): AudioCounters {
    return { ...this.#counters, readAt: this.clock.now() };
  }
}
