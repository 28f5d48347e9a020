import { echoSource, type FrameSource } from './frame-source.ts';

/**
 * The CEC joining two of its legs: what one end hears the other end sends, a
 * 20 ms frame at a time, through a bounded FIFO each way (the echo source's,
 * so a late end never lags far behind). This is how two parties the simulator
 * does not play itself talk through it: two agents' phones in an internal call,
 * an agent and an outside number. Pure, like every frame source.
 */
export interface Junction {
  readonly a: FrameSource;
  readonly b: FrameSource;
}

export function junction(): Junction {
  const toB = echoSource();
  const toA = echoSource();
  return {
    a: { hear: (pcm) => toB.hear(pcm), frame: (i) => toA.frame(i) },
    b: { hear: (pcm) => toA.hear(pcm), frame: (i) => toB.frame(i) },
  };
}

/** Junctions not joined by their second end are forgotten past this many (a call that failed halfway). [choice] */
export const OPEN_JUNCTIONS_KEPT = 256;

/**
 * Junctions by name, as the legs' media sources name them: the first end to
 * load opens the junction, the second takes the other end and the name is
 * forgotten (both ends then hold the junction itself).
 */
export class Junctions {
  readonly #open = new Map<string, Junction>();

  end(name: string, end: 'a' | 'b'): FrameSource {
    let j = this.#open.get(name);
    if (j) this.#open.delete(name);
    else {
      j = junction();
      this.#open.set(name, j);
      for (const old of [...this.#open.keys()].slice(0, Math.max(0, this.#open.size - OPEN_JUNCTIONS_KEPT)))
        this.#open.delete(old);
    }
    return j[end];
  }

  get openCount(): number {
    return this.#open.size;
  }
}
