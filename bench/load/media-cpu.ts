/**
 * What the simulated customers' media costs per call and per packet, without
 * Chromium (issue 14's media figure, step one): N simultaneous WebRTC calls,
 * the customer offering with a tone as in `bench/load.ts`, on `--workers`
 * media workers (0: in this process), answered by werift phones speaking a
 * tone in a child process. Prints this process's CPU (the workers' and the
 * main loop's) per call and per packet, and the slowest call's packet rates.
 *
 *   node --import tsx bench/load/media-cpu.ts [--calls 50] [--seconds 10] [--workers 1]
 *
 * Not a test: it prints figures. CPU time, not wall time, is the figure to
 * compare on a shared machine; compare builds interleaved.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Logger } from '../../mock-cec/infrastructure/primitives/logger.ts';
import { createMediaEngine } from '../../mock-cec/telephony/media/create-media-engine.ts';
import type { MediaEngine, MediaSession, MediaStats } from '../../mock-cec/telephony/media/media-engine.ts';
import { createWorkerMediaEngine } from '../../mock-cec/telephony/media/worker/worker-media-engine.ts';

const host = '127.0.0.1';
/** Warnings and errors only (a worker that died, a send that failed): the figures are the output. */
const logger: Logger = {
  info() {},
  warn: (message, fields) => console.error('warn:', message, fields ?? ''),
  error: (message, fields) => console.error('error:', message, fields ?? ''),
};
type ToPhones = { id: number; offer: string } | { mark: true } | { stop: true };
type FromPhones = { id: number; answer: string } | { id: number; error: string } | { cpuMs: number };

if (process.env.MEDIA_CPU_PHONES) phones();
else await customer();

async function customer(): Promise<void> {
  const { values } = parseArgs({
    options: {
      calls: { type: 'string', default: '50' },
      seconds: { type: 'string', default: '10' },
      workers: { type: 'string', default: '1' },
    },
  });
  const calls = Number(values.calls);
  const seconds = Number(values.seconds);
  const workers = Number(values.workers);
  const engine: MediaEngine & { close?(): Promise<void> } =
    workers > 0 ? createWorkerMediaEngine({ workers, logger }) : createMediaEngine({ logger });
  const child = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, MEDIA_CPU_PHONES: '1' },
    execArgv: ['--import', 'tsx'],
  });
  const answers = new Map<number, (m: FromPhones) => void>();
  let phonesCpuMs: ((ms: number) => void) | undefined;
  child.on('message', (m: FromPhones) => {
    if ('cpuMs' in m) phonesCpuMs?.(m.cpuMs);
    else answers.get(m.id)?.(m);
  });
  const ask = (id: number, offer: string) =>
    new Promise<FromPhones>((resolve) => {
      answers.set(id, resolve);
      child.send({ id, offer } satisfies ToPhones);
    });

  const load0 = loadavg()[0]!;
  const sessions: MediaSession[] = [];
  let failed = 0;
  // Calls are placed five at a time, each five carrying audio both ways (or 20 s) before the next:
  // fifty DTLS handshakes at once on a loaded machine time out, and a call that never connected
  // measures nothing. Only the calls carrying audio when the window opens are measured.
  const flowing = (st: MediaStats) => st.packetsSent >= 25 && st.packetsReceived >= 25;
  const placed: MediaSession[] = [];
  for (let from = 0; from < calls; from += 5) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(5, calls - from) }, async (_, k) => {
        const id = from + k;
        const pending = await engine.offer('webrtc', {
          source: { kind: 'tone' },
          mode: 'both',
          host,
          group: `call-${id}`,
        });
        const reply = await ask(id, pending.sdp);
        if ('answer' in reply) {
          await pending.accept(reply.answer);
          return pending.session;
        }
        failed++;
        await pending.session.close();
        return undefined;
      }),
    );
    const made = batch.filter((x) => x !== undefined);
    placed.push(...made);
    const deadline = performance.now() + 20_000;
    while (!made.every((x) => flowing(x.stats())) && performance.now() < deadline) await sleep(100);
  }
  await sleep(2_000);
  sessions.push(...placed.filter((x) => flowing(x.stats())));
  const up = sessions.length;

  const before = sessions.map((s) => s.stats());
  child.send({ mark: true } satisfies ToPhones);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const cpu = process.cpuUsage(cpu0);
  const wall = (performance.now() - t0) / 1000;
  const after = sessions.map((s) => s.stats());
  const alive = 'liveWorkers' in engine ? ` (${String(engine.liveWorkers)} of ${workers} workers alive)` : '';
  const states = new Map<string, number>();
  for (const a of after) states.set(String(a.dtlsState), (states.get(String(a.dtlsState)) ?? 0) + 1);

  const sent = after.map((a, i) => (a.packetsSent - before[i]!.packetsSent) / wall);
  const received = after.map((a, i) => (a.packetsReceived - before[i]!.packetsReceived) / wall);
  if (process.env.MEDIA_CPU_DEBUG)
    console.error(
      'sent',
      sent.map((x) => x.toFixed(0)).join(' '),
      '\nreceived',
      received.map((x) => x.toFixed(0)).join(' '),
    );
  const packets = (sum(sent) + sum(received)) * wall;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const pct = (cpuMs / 1000 / wall) * 100;
  const phoneCpu = new Promise<number>((resolve) => {
    phonesCpuMs = resolve;
  });
  child.send({ stop: true } satisfies ToPhones);
  const phonesMs = await Promise.race([phoneCpu, sleep(10_000).then(() => Number.NaN)]);
  await Promise.allSettled(sessions.map((s) => s.close()));
  await engine.close?.();
  child.kill();

  const f = (n: number, d = 0) => n.toFixed(d);
  console.log(
    `media-cpu: ${calls} WebRTC calls (customer offers a tone; werift phones answer with a tone in a child), ` +
      `${workers === 0 ? 'media in process' : `${workers} media worker(s)`}, ${seconds} s; ` +
      `load average ${f(load0, 1)} → ${f(loadavg()[0]!, 1)}; Node ${process.version}`,
  );
  console.log(
    `calls carrying audio both ways: ${up} of ${calls}${failed > 0 ? ` (${failed} not answered)` : ''}; ` +
      `DTLS at the end: ${[...states].map(([k, v]) => `${v} ${k}`).join(', ')}${alive}`,
  );
  console.log(
    `customer CPU: ${f(pct, 1)} % of one core, ${f(pct / Math.max(1, up), 2)} % per call, ` +
      `${f((cpuMs * 1000) / Math.max(1, packets), 1)} µs per packet sent or received ` +
      `(phones' child: ${f(((phonesMs ?? Number.NaN) / 1000 / wall) * 100, 1)} %)`,
  );
  console.log(
    `packets/s on the slowest call: customer sent ${f(Math.min(...sent), 1)}, received ${f(Math.min(...received), 1)}; ` +
      `mean sent ${f(sum(sent) / sent.length, 1)}, received ${f(sum(received) / received.length, 1)}`,
  );
  process.stdout.write('', () => process.exit(0));
}

/** The phones: answer each offer with a werift session speaking a tone; report this process's CPU from the mark to the stop. */
function phones(): void {
  const engine = createMediaEngine();
  const sessions: MediaSession[] = [];
  let cpu0 = process.cpuUsage();
  const parent = process as unknown as ChildProcess & NodeJS.Process;
  parent.on('disconnect', () => process.exit(0)); // the customer died: do not linger
  parent.on('message', async (m: ToPhones) => {
    if ('mark' in m) {
      cpu0 = process.cpuUsage();
      return;
    }
    if ('stop' in m) {
      const cpu = process.cpuUsage(cpu0);
      if (process.env.MEDIA_CPU_DEBUG) console.error(sessions.map((s) => s.stats()));
      await Promise.allSettled(sessions.map((s) => s.close()));
      parent.send?.({ cpuMs: (cpu.user + cpu.system) / 1000 } satisfies FromPhones);
      return;
    }
    try {
      const { sdp, session } = await engine.answer(m.offer, {
        source: { kind: 'tone', frequencyHz: 660 },
        mode: 'both',
        host,
      });
      sessions.push(session);
      parent.send?.({ id: m.id, answer: sdp } satisfies FromPhones);
    } catch (err) {
      parent.send?.({ id: m.id, error: String(err) } satisfies FromPhones);
    }
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
