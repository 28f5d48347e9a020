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
  // One reply a command, in order; `once` also rejects when the worker fails meanwhile.
  const reply = async <T extends ProbeReply['t']>(t: T): Promise<ProbeReply & { t: T }> => {
    const [m] = (await once(worker, 'message')) as [ProbeReply];
    if (m.t !== t) throw new Error(`the OPTIONS probe answered ${m.t} where ${t} was due`);
    return m as ProbeReply & { t: T };
  };
  const send = (m: ProbeCommand) => worker.postMessage(m);
  await reply('ready');
  return {
    start: () => send({ t: 'start' }),
    async stop(): Promise<OptionsFigures> {
      const figures = reply('figures');
      send({ t: 'stop' });
      return (await figures).figures;
    },
    async close(): Promise<void> {
      send({ t: 'close' });
      await once(worker, 'exit');
    },
  };
}
