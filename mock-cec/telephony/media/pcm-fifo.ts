import { FRAME_SAMPLES } from './audio-frame.ts';

/**
 * A bounded first-in first-out buffer of PCM samples: what one party said,
 * waiting for another party's next frame. Packet sizes in and out need not
 * match; beyond `maxSamples` the oldest audio is dropped, so a listener whose
 * clock runs a little slow never lags far behind the speaker.
 */
export class PcmFifo {
  readonly #buffer: Int16Array;
  #length = 0;

  constructor(readonly maxSamples: number = 10 * FRAME_SAMPLES) {
    this.#buffer = new Int16Array(maxSamples);
  }

  get length(): number {
    return this.#length;
  }

  push(pcm: Int16Array): void {
    const max = this.maxSamples;
    const incoming = pcm.length > max ? pcm.subarray(pcm.length - max) : pcm;
    const overflow = this.#length + incoming.length - max;
    if (overflow > 0) {
      this.#buffer.copyWithin(0, overflow, this.#length);
      this.#length -= overflow;
    }
    this.#buffer.set(incoming, this.#length);
    this.#length += incoming.length;
  }

  /** The oldest `n` samples (fewer when fewer wait), taken out. */
  take(n: number): Int16Array {
    const take = Math.min(n, this.#length);
    const out = this.#buffer.slice(0, take);
    this.#buffer.copyWithin(0, take, this.#length);
    this.#length -= take;
    return out;
  }

  clear(): void {
    this.#length = 0;
  }
}
