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
  /** How long an absence must last to be believed (ms). */
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
  const quietLongEnough = ask.notHears.length === 0 || now.at - before.at >= ask.quietMs;
  const why = parts.join('; ');
  return missing === 0 && phoneOk && quietLongEnough ? { done: 'pass', why } : { done: 'wait', why };
}

function round(n: number): string {
  return n === 0 ? '0' : n < 0.001 ? n.toExponential(1) : n.toFixed(3);
}
