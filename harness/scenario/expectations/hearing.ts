/**
 * Who hears whom in a call of several parties, judged from two sources read
 * together: the customer's mixer's books (media/mixer.ts: frames and energy
 * each [from, to] pair carried, which is where every party's audio meets) and,
 * for an agent listener, its own phone's WebRTC stats (what reached it). Pure:
 * the handler reads, this decides.
 */
export interface MixFlow {
  from: string;
  to: string;
  frames: number;
  energy: number;
}

export interface HearingReading {
  flows: readonly MixFlow[];
  /** The listener's phone's received audio energy, when the listener is an agent. */
  phoneEnergy?: number;
  at: number;
}

export interface HearingAsk {
  who: string;
  hears: readonly string[];
  notHears: readonly string[];
  /**
   * How much of the mixer's own clock an absence must last to be believed:
   * frames carried meanwhile into the listener or out of the absent party
   * (the mixer books a routed pair every 20 ms frame, so a route that exists
   * shows within a frame or two of that clock).
   */
  quietFrames: number;
  /** The wall-clock fallback (ms), when no other flow of the listener or the absent party runs to count frames by. */
  quietMs: number;
}

export type HearingVerdict = { done: 'pass' | 'fail' | 'wait'; why: string };

const flowOf = (r: HearingReading, from: string, to: string) =>
  r.flows.find((f) => f.from === from && f.to === to) ?? { frames: 0, energy: 0 };

export function judgeHearing(before: HearingReading, now: HearingReading, ask: HearingAsk): HearingVerdict {
  const parts: string[] = [];
  for (const from of ask.notHears) {
    const frames = flowOf(now, from, ask.who).frames - flowOf(before, from, ask.who).frames;
    if (frames > 0) return { done: 'fail', why: `${ask.who} heard ${from}: ${frames} frames carried` };
    parts.push(`${from} → ${ask.who}: nothing`);
  }
  let missing = 0;
  for (const from of ask.hears) {
    const energy = flowOf(now, from, ask.who).energy - flowOf(before, from, ask.who).energy;
    if (energy <= 0) missing++;
    parts.push(`${from} → ${ask.who}: energy +${round(energy)}`);
  }
  const phoneRise =
    now.phoneEnergy === undefined || before.phoneEnergy === undefined
      ? undefined
      : now.phoneEnergy - before.phoneEnergy;
  if (phoneRise !== undefined) parts.push(`${ask.who}'s phone received energy +${round(phoneRise)}`);
  const phoneOk = phoneRise === undefined || ask.hears.length === 0 || phoneRise > 0;
  const quietLongEnough =
    now.at - before.at >= ask.quietMs ||
    ask.notHears.every((from) => clockFrames(before, now, from, ask.who) >= ask.quietFrames);
  const why = parts.join('; ');
  return missing === 0 && phoneOk && quietLongEnough ? { done: 'pass', why } : { done: 'wait', why };
}

/**
 * Frames the mixer carried between two readings into `to` or out of `from`
 * (the pair [from, to] itself aside): how long, on the mixer's clock, the
 * absence of [from, to] has been watched.
 */
function clockFrames(before: HearingReading, now: HearingReading, from: string, to: string): number {
  let most = 0;
  for (const f of now.flows) {
    if ((f.to !== to && f.from !== from) || (f.from === from && f.to === to)) continue;
    most = Math.max(most, f.frames - flowOf(before, f.from, f.to).frames);
  }
  return most;
}

function round(n: number): string {
  return n === 0 ? '0' : n < 0.001 ? n.toExponential(1) : n.toFixed(3);
}
