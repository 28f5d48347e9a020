import { audioEnergy } from './audio-frame.ts';
import type { FrameSource } from './frame-source.ts';
import type { MixPort } from './mixer.ts';
import { type Pacer, startPacer } from './pacer.ts';
import { toneFrames } from './tone.ts';

/** An outside number's voice: a tone of its own, apart from the customer's (440 Hz) and the hold tone (425 Hz). [choice] */
export const OUTSIDE_TONE_HZ = 1300;
const OUTSIDE_TONE_AMPLITUDE = 0.3;

/** What an outside party sent and heard so far. */
export interface OutsideStats {
  frequencyHz: number;
  framesSent: number;
  framesHeard: number;
  /** Sum of (sample/32768)² over what reached it, as MediaStats' audioEnergyReceived. */
  energyHeard: number;
}

/**
 * An outside number that answered a transfer (devicetype 5): a party of the
 * call's mixer (mixer.ts) that lives in the simulated customer itself, since
 * neither the customer nor the number is a phone the simulator serves. Each
 * 20 ms frame it says its tone into the mixer and takes what the mixer routes
 * to it, counting the energy. The mixer asks a party for "the customer's voice
 * for this frame" (`outgoing(own)`): once the agent's leg is gone nobody else
 * makes that voice, so the outside party is handed the customer's source.
 *
 * `frame(n)` is the pure step; `start()` drives it on a 20 ms pacer until
 * `stop()`.
 */
export class OutsideParty {
  #port: MixPort | undefined;
  #pacer: Pacer | undefined;
  readonly #stats: OutsideStats;
  readonly #tone: (index: number) => Int16Array;

  constructor(
    private readonly customerVoice: FrameSource,
    readonly frequencyHz: number = OUTSIDE_TONE_HZ,
  ) {
    this.#stats = { frequencyHz, framesSent: 0, framesHeard: 0, energyHeard: 0 };
    this.#tone = toneFrames(frequencyHz, OUTSIDE_TONE_AMPLITUDE);
  }

  /** Join the call's mixer (or leave it with undefined). */
  setMix(port: MixPort | undefined): void {
    this.#port = port;
  }

  /** One frame: speak, then listen. Without a mixer, nothing happens. */
  frame(index: number): void {
    const port = this.#port;
    if (!port) return;
    port.heard(this.#tone(index));
    this.#stats.framesSent++;
    const heard = port.outgoing(this.customerVoice.frame(index));
    this.#stats.framesHeard++;
    this.#stats.energyHeard += audioEnergy(heard);
  }

  start(): void {
    this.#pacer ??= startPacer({ onFrame: (n) => this.frame(n) });
  }

  stop(): void {
    this.#pacer?.stop();
    this.#pacer = undefined;
    this.#port = undefined;
  }

  stats(): OutsideStats {
    return { ...this.#stats };
  }
}
