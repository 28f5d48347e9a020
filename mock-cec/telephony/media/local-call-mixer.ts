import { customerVoice } from './customer-voice.ts';
import type { CallMixer, MediaSource, OutsidePartyStats } from './media-engine.ts';
import { type Flow, Mixer, type MixPort, type Route } from './mixer.ts';
import { OUTSIDE_TONE_HZ, OutsideParty } from './outside-party.ts';

/**
 * A call's mixer in the process where its legs' media runs (the main loop, or
 * a media worker: media-worker.ts), with the call's outside parties
 * (outside-party.ts) beside it: an outside party mixes PCM synchronously on
 * its own 20 ms pacer, so it must live where the mixer does.
 */
export class LocalCallMixer implements CallMixer {
  readonly #mixer = new Mixer();
  readonly #outside = new Map<string, OutsideParty>();

  get parties(): string[] {
    return this.#mixer.parties;
  }

  join(party: string): MixPort {
    return this.#mixer.join(party);
  }

  /** A party leaves; an outside party also stops talking. */
  leave(party: string): void {
    this.#outside.get(party)?.stop();
    this.#outside.delete(party);
    this.#mixer.leave(party);
  }

  route(routes: readonly Route[]): void {
    this.#mixer.route(routes);
  }

  flows(): Flow[] {
    return this.#mixer.flows();
  }

  /** Changes apply at once here. */
  settled(): boolean {
    return true;
  }

  addOutside(party: string, customerSource: MediaSource, frequencyHz = OUTSIDE_TONE_HZ): void {
    this.#outside.get(party)?.stop();
    const member = new OutsideParty(customerVoice(customerSource), frequencyHz);
    member.setMix(this.#mixer.join(party));
    member.start();
    this.#outside.set(party, member);
  }

  outsideStats(): OutsidePartyStats[] {
    return [...this.#outside].map(([party, m]) => ({ party, ...m.stats() }));
  }

  /** Whether an outside party still talks here (a worker keeps such a mixer past its last leg). */
  get hasOutside(): boolean {
    return this.#outside.size > 0;
  }

  close(): void {
    for (const m of this.#outside.values()) m.stop();
    this.#outside.clear();
  }
}
