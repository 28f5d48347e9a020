import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { OptionsFigures } from './options-timer.ts';

export type { OptionsFigures } from './options-timer.ts';

export type ProbeCommand = { t: 'start' } | { t: 'stop' } | { t: 'close' };
export type ProbeReply = { t: 'ready' } | { t: 'figures'; figures: OptionsFigures };

/**
 * SIP OPTIONS to the simulator every 100 ms while started, each timed from
 * send to answer (issue 14: "OPTIONS answered under 50 ms at 150 calls"),
 * on a thread of its own (options-timer.ts says why). Signalling and media
 * share the simulator's process, so this is the signalling's answer time
 * under the media's load.
 */
export async function optionsProbe(sipPort: number) {
  // Node 20 loads no .ts in a worker by itself: the media worker's boot registers tsx first.
  const worker = new Worker(new URL('../../mock-cec/telephony/media/worker/tsx-boot.mjs', import.meta.url), {
    workerData: { entry: new URL('./options-probe-worker.ts', import.meta.url).href, sipPort },
  });
  const replies: ProbeReply[] = [];
  let wake: (() => void) | undefined;
  worker.on('message', (m: ProbeReply) => {
    replies.push(m);
    wake?.();
  });
  const failed = once(worker, 'error').then(([err]) => {
    throw err;
  });
  const next = async (t: ProbeReply['t']): Promise<ProbeReply> => {
    for (;;) {
      const i = replies.findIndex((r) => r.t === t);
      if (i >= 0) return replies.splice(i, 1)[0]!;
      await Promise.race([new Promise<void>((r) => (wake = r)), failed]);
    }
  };
  const send = (m: ProbeCommand) => worker.postMessage(m);
  await next('ready');
  return {
    start: () => send({ t: 'start' }),
    async stop(): Promise<OptionsFigures> {
      send({ t: 'stop' });
      const r = await next('figures');
      return (r as ProbeReply & { t: 'figures' }).figures;
    },
    async close(): Promise<void> {
      send({ t: 'close' });
      await once(worker, 'exit');
    },
  };
}
