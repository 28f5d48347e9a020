/** The OPTIONS probe's thread (options-probe.ts): an OptionsTimer driven over the port. */
import { parentPort, workerData } from 'node:worker_threads';
import type { ProbeCommand, ProbeReply } from './options-probe.ts';
import { OptionsTimer } from './options-timer.ts';

const port = parentPort!;
const timer = await OptionsTimer.open((workerData as { sipPort: number }).sipPort);
const reply = (m: ProbeReply) => port.postMessage(m);
port.on('message', async (m: ProbeCommand) => {
  if (m.t === 'start') timer.start();
  else if (m.t === 'stop') reply({ t: 'figures', figures: await timer.stop() });
  else {
    await timer.close();
    port.close();
  }
});
reply({ t: 'ready' });
