import { type AudioFlow, type AudioReading, judgeAudio, type Verdict } from './audio-verdict.ts';
import { waitFor } from './wait-for.ts';

export interface AudioWatch {
  ok: boolean;
  verdict: Verdict;
  /** "audio flows in: phone received 60 packets…", or why nothing was decided. */
  seen: string;
  ms: number;
}

/**
 * Read a call's audio figures until they show `expected`, show something
 * else for certain (fail at once), or the timeout runs out. The first reading
 * is the baseline: only what flows from now on counts.
 */
export async function watchAudio(
  read: () => Promise<AudioReading>,
  expected: AudioFlow,
  o: { timeout: number; interval?: number },
): Promise<AudioWatch> {
  const before = await read();
  const result = await waitFor(
    async () => judgeAudio(before, await read()),
    (v) => (v.decided ? (v.flow === expected ? 'pass' : 'fail') : 'wait'),
    // The proof needs 200 ms of packets (audio-verdict.ts): looking every 50 ms ends it soon after.
    { timeout: o.timeout, interval: o.interval ?? 50 },
  );
  const v = result.value;
  return {
    ok: v.decided && v.flow === expected,
    verdict: v,
    seen: v.decided ? `audio flows ${v.flow}: ${v.why}` : `undecided after ${result.ms} ms: ${v.why}`,
    ms: result.ms,
  };
}
