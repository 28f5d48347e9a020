/**
 * The three-party half of `bench/media-calls.ts`: how many simultaneous
 * conferences the simulated customer holds with audio proven among all
 * parties. Each conference is two WebRTC legs (two agents' phones, werift in
 * the caller process, each speaking its own tone) joined in the customer's
 * mixer with the customer's own tone: everyone hears everyone. Audio is
 * proven per conference when each phone hears the customer's tone and the
 * other phone's tone (Goertzel, tone-level.ts), and the customer's mixer
 * heard both phones (its books). Steps of growing size run one after another;
 * the figure is the largest step with every conference proven.
 */
import type { ChildProcess } from 'node:child_process';
import { FRAME_SAMPLES } from '../mock-cec/telephony/media/audio-frame.ts';
import type { MediaEngine, MediaSession } from '../mock-cec/telephony/media/media-engine.ts';
import { CUSTOMER, Mixer, type MixPort } from '../mock-cec/telephony/media/mixer.ts';
import { toneLevel } from '../mock-cec/telephony/media/tone-level.ts';

export const TONES = { customer: 440, a: 700, c: 1100 } as const;
/** A tone counts as heard above this mean level (the tones are sent at 0.5 of full scale). */
const HEARD = 0.05;
const host = '127.0.0.1';
/** How long a leg may take to connect (DTLS up, first audio) before its conference counts as unproven. */
const CONNECT_MS = 30_000;

export type Party = 'a' | 'c';
export type ToCallers =
  | { conferences: number }
  | { id: string; answer: string }
  | { levels: true }
  | { hangup: true };
export type FromCallers =
  | { id: string; party: Party; offer: string }
  | { levels: Record<string, Record<'customer' | 'a' | 'c', number>> }
  | { hungUp: true };

export interface StepFigures {
  conferences: number;
  proven: number;
  cpuPct: number;
  rssMb: number;
}

/** The customer's side (this process): answer, mix, measure one step. */
export async function conferenceStep(
  engine: MediaEngine,
  child: ChildProcess,
  conferences: number,
  seconds: number,
): Promise<StepFigures> {
  const mixers = new Map<string, Mixer>();
  const sessions: MediaSession[] = [];
  const connected: Promise<void>[] = [];
  const next = <T extends FromCallers>(match: (m: FromCallers) => m is T) =>
    new Promise<T>((resolve) => {
      const on = (m: FromCallers) => {
        if (!match(m)) return;
        child.off('message', on);
        resolve(m);
      };
      child.on('message', on);
    });
  const offers = (m: FromCallers) => {
    if (!('offer' in m)) return;
    void (async () => {
      const { sdp, session } = await engine.answer(m.offer, {
        source: { kind: 'tone', frequencyHz: TONES.customer },
        mode: 'both',
        host,
      });
      sessions.push(session);
      const conference = m.id.split(':')[0]!;
      const mixer = mixers.get(conference) ?? new Mixer();
      mixers.set(conference, mixer);
      session.setMix(mixer.join(m.party));
      if (mixer.parties.length === 2) mixer.everyoneHearsEveryone();
      connected.push(until(() => session.stats().packetsReceived > 0, CONNECT_MS));
      child.send({ id: m.id, answer: sdp } satisfies ToCallers);
    })();
  };
  child.on('message', offers);
  child.send({ conferences } satisfies ToCallers);
  const deadline = performance.now() + CONNECT_MS;
  while (connected.length < conferences * 2 && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  // A leg that never connects leaves its conference unproven; the step goes on without it.
  await Promise.all(connected);
  child.off('message', offers);

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  const rssMb = process.memoryUsage().rss / 2 ** 20;

  const heard = next((m): m is Extract<FromCallers, { levels: unknown }> => 'levels' in m);
  child.send({ levels: true } satisfies ToCallers);
  const { levels } = await heard;
  let proven = 0;
  for (const [conference, mixer] of mixers) {
    const a = levels[`${conference}:a`];
    const c = levels[`${conference}:c`];
    const phonesHear =
      a !== undefined &&
      c !== undefined &&
      a.customer > HEARD &&
      a.c > HEARD &&
      c.customer > HEARD &&
      c.a > HEARD;
    const customerHears = mixer.flow('a', CUSTOMER).energy > 0 && mixer.flow('c', CUSTOMER).energy > 0;
    if (phonesHear && customerHears) proven++;
  }
  const hungUp = next((m): m is Extract<FromCallers, { hungUp: true }> => 'hungUp' in m);
  child.send({ hangup: true } satisfies ToCallers);
  await hungUp;
  await Promise.all(sessions.map((s) => s.close()));
  return { conferences, proven, cpuPct: ((cpu.user + cpu.system) / 1000 / wall) * 100, rssMb };
}

/** The phones' side (the child process): two legs per conference, each speaking and listening. */
export function conferenceCallers(engine: MediaEngine): void {
  const legs = new Map<string, { session: MediaSession; accept(sdp: string): Promise<void>; ear: ToneEar }>();
  process.on('message', async (m: ToCallers) => {
    if ('conferences' in m) {
      for (let k = 0; k < m.conferences; k++) {
        for (const party of ['a', 'c'] as const) {
          const offer = await engine.offer('webrtc', {
            source: { kind: 'tone', frequencyHz: TONES[party] },
            mode: 'both',
            host,
          });
          const ear = new ToneEar();
          offer.session.setMix(ear);
          const id = `${k}:${party}`;
          legs.set(id, { session: offer.session, accept: offer.accept, ear });
          process.send?.({ id, party, offer: offer.sdp } satisfies FromCallers);
        }
      }
    } else if ('answer' in m) {
      await legs.get(m.id)?.accept(m.answer);
    } else if ('levels' in m) {
      const levels = Object.fromEntries([...legs].map(([id, leg]) => [id, leg.ear.levels()]));
      process.send?.({ levels } satisfies FromCallers);
    } else if ('hangup' in m) {
      await Promise.all([...legs.values()].map((l) => l.session.close()));
      legs.clear();
      process.send?.({ hungUp: true } satisfies FromCallers);
    }
  });
}

/** A phone's ear: sends its own voice unchanged, and keeps the mean level of each party's tone over the last second. */
class ToneEar implements MixPort {
  readonly #window = 50;
  readonly #recent: Record<'customer' | 'a' | 'c', number>[] = [];

  heard(pcm: Int16Array): void {
    if (pcm.length !== FRAME_SAMPLES) return;
    this.#recent.push({
      customer: toneLevel(pcm, TONES.customer),
      a: toneLevel(pcm, TONES.a),
      c: toneLevel(pcm, TONES.c),
    });
    if (this.#recent.length > this.#window) this.#recent.shift();
  }

  outgoing(own: Int16Array): Int16Array {
    return own;
  }

  /** Nothing records a bench phone. */
  customerHears(length: number): Int16Array {
    return new Int16Array(length);
  }

  levels(): Record<'customer' | 'a' | 'c', number> {
    const n = Math.max(1, this.#recent.length);
    const sum = (k: 'customer' | 'a' | 'c') => this.#recent.reduce((s, r) => s + r[k], 0) / n;
    return { customer: sum('customer'), a: sum('a'), c: sum('c') };
  }
}

/** Wait until `ok`, or give up after `ms`. */
async function until(ok: () => boolean, ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (!ok() && performance.now() < end) await new Promise((r) => setTimeout(r, 10));
}
