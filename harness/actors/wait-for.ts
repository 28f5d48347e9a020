/**
 * Look again until a judgement is final: the one way actors, matchers and
 * scenario expectations wait for a condition (no sleeps standing in for a
 * race). `judge` answers 'pass', 'fail' (decided: stop at once, fail fast)
 * or 'wait'. The result carries the last look, for the failure message.
 */
export type Judgement = 'pass' | 'fail' | 'wait';

export interface WaitResult<T> {
  outcome: 'pass' | 'fail' | 'timeout';
  value: T;
  ms: number;
}

export async function waitFor<T>(
  look: () => Promise<T>,
  judge: (value: T) => Judgement,
  o: { timeout: number; interval?: number },
): Promise<WaitResult<T>> {
  const started = performance.now();
  const interval = o.interval ?? 50;
  // Most conditions come true within tens of ms of the action that sets them off: the first looks
  // come quickly (10, 20, 40 ms apart), then every `interval`. A fixed interval cost half of one on
  // every wait, many times per scenario.
  let pause = Math.min(FIRST_PAUSE_MS, interval);
  for (;;) {
    const value = await look();
    const verdict = judge(value);
    const ms = Math.round(performance.now() - started);
    if (verdict !== 'wait') return { outcome: verdict, value, ms };
    if (ms >= o.timeout) return { outcome: 'timeout', value, ms };
    await new Promise((resolve) => setTimeout(resolve, Math.min(pause, o.timeout - ms)));
    pause = Math.min(pause * 2, interval);
  }
}

const FIRST_PAUSE_MS = 10;
