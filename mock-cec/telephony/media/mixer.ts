import { audioEnergy, SILENT_FRAME } from './audio-frame.ts';
import { PcmFifo } from './pcm-fifo.ts';
import { holdToneFrame } from './tone.ts';

/**
 * The simulated customer's mixer. In a consult or a three-party call the
 * customer holds one call leg to each agent's phone, and every sound of the
 * call passes through it: it is the natural mixing point. Each leg is a party
 * of the mixer; the customer itself is the party `CUSTOMER`. The routes say
 * who hears whom (`[from, to]` pairs), and each leg is sent, frame by frame,
 * the sum of what it hears: the customer's own voice for that frame, plus what
 * the other legs sent, decoded, summed and clipped to 16 bits (the caller
 * encodes it again). A leg that hears nobody is sent silence.
 *
 * Pure: no timers, no sockets. Each leg's transport calls its port's `heard`
 * with what arrived and `outgoing` when its next frame is due; what one leg
 * said waits in a bounded FIFO per route until the listening leg's next frame,
 * so legs whose clocks differ a little still hear each other with little lag.
 *
 * A held party hears the hold tone (decision record 007): the route
 * `[HOLD_TONE, party]` gives it the tone instead of silence, the customer as a
 * leg does in a two-party hold.
 *
 * It also keeps books: for each [from, to] pair, how many frames and how much
 * audio energy (sum of (sample/32768)², as MediaStats) it carried. That is
 * what proves that each party's audio reached each other party.
 */
export const CUSTOMER = 'customer';
/** Not a party: the source of the hold tone, routed to a held party (`[HOLD_TONE, party]`). */
export const HOLD_TONE = 'hold-tone';

export interface MixPort {
  /** PCM the leg's far end sent us (decoded), lent for the call: the mixer copies it into its FIFOs. */
  heard(pcm: Int16Array): void;
  /** What to send on the leg for this frame; `own` is the customer's voice for the frame. */
  outgoing(own: Int16Array): Int16Array;
  /**
   * What reaches the customer's ears for one frame of `length` samples: the
   * sum of what the legs routed to the customer sent (silence when none is).
   * Drawn on the frame clock by a leg that records (CustomerAudio's tap).
   */
  customerHears(length: number): Int16Array;
  /** Whether the customer is held (routed the hold tone): its leg plays the tone in its ear. */
  customerHeld?(): boolean;
}

export type Route = readonly [from: string, to: string];

export interface Flow {
  from: string;
  to: string;
  frames: number;
  energy: number;
}

interface Carried {
  frames: number;
  energy: number;
}

const key = (from: string, to: string) => `${from}\u0000${to}`;

export class Mixer {
  readonly #parties = new Set<string>();
  /** The live routes between legs, each with the audio waiting for its listener. */
  readonly #fifos = new Map<string, PcmFifo>();
  /** Routes from or to the customer (no buffer: the customer's voice is made per frame, its ears count). */
  readonly #customerRoutes = new Set<string>();
  readonly #books = new Map<string, Carried>();
  /** What each leg routed to the customer sent, waiting for a recording's next frame (customerHears). */
  readonly #ears = new Map<string, PcmFifo>();
  /** The held parties (the customer among them, or not), each with the next frame of its hold tone. */
  readonly #held = new Map<string, number>();

  /** A leg joins (it hears nobody until routed). */
  join(party: string): MixPort {
    if (party === CUSTOMER || party === HOLD_TONE) throw new Error(`"${party}" is not a leg`);
    this.#parties.add(party);
    return {
      heard: (pcm) => this.#heard(party, pcm),
      outgoing: (own) => this.#outgoing(party, own),
      customerHears: (length) => this.#customerHears(length),
      customerHeld: () => this.#held.has(CUSTOMER),
    };
  }

  /** A leg leaves: its routes go, the books stay. */
  leave(party: string): void {
    this.#parties.delete(party);
    this.route(this.routes().filter(([from, to]) => from !== party && to !== party));
  }

  get parties(): string[] {
    return [...this.#parties];
  }

  /**
   * Who hears whom from now on: every pair not listed is cut. Audio waiting on
   * a route that stays keeps waiting; a new route starts empty.
   */
  route(routes: readonly Route[]): void {
    const wanted = new Set<string>();
    const held = new Set<string>();
    this.#customerRoutes.clear();
    for (const [from, to] of routes) {
      if (from === to) continue;
      if (from === HOLD_TONE) {
        if (to !== CUSTOMER && !this.#parties.has(to)) throw new Error(`no party "${to}" in the mixer`);
        held.add(to);
        continue;
      }
      for (const p of [from, to]) {
        if (p !== CUSTOMER && !this.#parties.has(p)) throw new Error(`no party "${p}" in the mixer`);
      }
      if (from === CUSTOMER || to === CUSTOMER) {
        this.#customerRoutes.add(key(from, to));
        continue;
      }
      const k = key(from, to);
      wanted.add(k);
      if (!this.#fifos.has(k)) this.#fifos.set(k, new PcmFifo());
    }
    for (const k of this.#fifos.keys()) if (!wanted.has(k)) this.#fifos.delete(k);
    for (const p of this.#ears.keys()) if (!this.#customerRoutes.has(key(p, CUSTOMER))) this.#ears.delete(p);
    // A party held again hears its tone from the start.
    for (const p of this.#held.keys()) if (!held.has(p)) this.#held.delete(p);
    for (const p of held) if (!this.#held.has(p)) this.#held.set(p, 0);
  }

  /** Every party hears every other party: the three-party call. */
  everyoneHearsEveryone(): void {
    const all = [CUSTOMER, ...this.#parties];
    this.route(all.flatMap((from) => all.map((to) => [from, to] as const)));
  }

  routes(): Route[] {
    return [
      ...[...this.#fifos.keys(), ...this.#customerRoutes].map((k) => k.split('\u0000') as [string, string]),
      ...[...this.#held.keys()].map((to) => [HOLD_TONE, to] as const),
    ];
  }

  hears(to: string, from: string): boolean {
    if (from === HOLD_TONE) return this.#held.has(to);
    const k = key(from, to);
    return this.#fifos.has(k) || this.#customerRoutes.has(k);
  }

  /** What each [from, to] pair has carried so far, routed now or not. */
  flows(): Flow[] {
    return [...this.#books].map(([k, c]) => {
      const [from, to] = k.split('\u0000') as [string, string];
      return { from, to, ...c };
    });
  }

  flow(from: string, to: string): Carried {
    const c = this.#books.get(key(from, to));
    return { frames: c?.frames ?? 0, energy: c?.energy ?? 0 };
  }

  #book(from: string, to: string, pcm: Int16Array): void {
    const k = key(from, to);
    const c = this.#books.get(k) ?? { frames: 0, energy: 0 };
    this.#books.set(k, c);
    c.frames++;
    c.energy += audioEnergy(pcm);
  }

  #heard(from: string, pcm: Int16Array): void {
    if (!this.#parties.has(from)) return;
    if (this.#customerRoutes.has(key(from, CUSTOMER))) {
      this.#book(from, CUSTOMER, pcm);
      const ear = this.#ears.get(from) ?? new PcmFifo();
      this.#ears.set(from, ear);
      ear.push(pcm);
    }
    for (const to of this.#parties) {
      if (to !== from) this.#fifos.get(key(from, to))?.push(pcm);
    }
  }

  #customerHears(length: number): Int16Array {
    const parts = [...this.#ears.values()].map((ear) => ear.take(length));
    const tone = this.#holdTone(CUSTOMER, length);
    if (tone) parts.push(tone);
    return mixPcm(parts, length);
  }

  /** The next frame of the hold tone for a held party (booked), or undefined when it is not held. */
  #holdTone(to: string, length: number): Int16Array | undefined {
    const index = this.#held.get(to);
    if (index === undefined) return undefined;
    this.#held.set(to, index + 1);
    const tone = holdToneFrame(index);
    const frame = tone.length === length ? tone : mixPcm([tone], length);
    this.#book(HOLD_TONE, to, frame);
    return frame;
  }

  #outgoing(to: string, own: Int16Array): Int16Array {
    const length = own.length;
    const parts: Int16Array[] = [];
    if (this.#customerRoutes.has(key(CUSTOMER, to))) {
      this.#book(CUSTOMER, to, own);
      parts.push(own);
    }
    for (const from of this.#parties) {
      const fifo = from === to ? undefined : this.#fifos.get(key(from, to));
      if (!fifo) continue;
      const chunk = fifo.take(length);
      this.#book(from, to, chunk);
      parts.push(chunk);
    }
    const tone = this.#holdTone(to, length);
    if (tone) parts.push(tone);
    // The usual two-party call: the customer's voice alone, untouched.
    if (parts.length === 1 && parts[0] === own) return own;
    if (parts.length === 0) return length === SILENT_FRAME.length ? SILENT_FRAME : new Int16Array(length);
    return mixPcm(parts, length);
  }
}

/** Sum PCM frames sample by sample and clip to 16 bits (a shorter part counts as silence where it ends). */
export function mixPcm(parts: readonly Int16Array[], length: number): Int16Array {
  const out = new Int16Array(length);
  for (let i = 0; i < length; i++) {
    let sum = 0;
    for (const p of parts) if (i < p.length) sum += p[i]!;
    out[i] = Math.min(32767, Math.max(-32768, sum));
  }
  return out;
}
