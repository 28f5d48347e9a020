/**
 * Media figures for the simulated customer (not a test: it prints numbers).
 *
 *   node --import tsx bench/media-calls.ts [calls=10] [seconds=10] [conferences=5,10,20] [--short]
 *
 * The engine under measurement runs in this process and answers WebRTC offers
 * with echo; the callers (werift too, playing a tone) run in a child process,
 * so this process's CPU is the customer's alone. Prints, per call, the time
 * from the answer being returned to DTLS connected and to the first RTP sent
 * and received, then the CPU used while `calls` echo calls run at once.
 * Then the three-party figure from the same run (media-conferences.ts): steps
 * of simultaneous conferences (two agents' legs mixed with the customer),
 * each held `seconds`, until a step has a conference without audio proven
 * among all three parties. `--short` runs 6 calls, 3 s, steps 2 and 4.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createMediaEngine } from '../mock-cec/telephony/media/create-media-engine.ts';
import type { MediaSession } from '../mock-cec/telephony/media/media-engine.ts';
import { conferenceCallers, conferenceStep, type StepFigures } from './media-conferences.ts';

type FromCaller = { offer: string; id: number } | { done: true; energies: number[] };

const short = process.argv.includes('--short');
const args = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const calls = short ? 6 : Number(args[0] ?? 10);
const seconds = short ? 3 : Number(args[1] ?? 10);
const steps = (short ? '2,4' : (args[2] ?? '5,10,20')).split(',').map(Number);
const host = '127.0.0.1';

if (process.env.MEDIA_BENCH_CALLER === 'conference') conferenceCallers(createMediaEngine());
else if (process.env.MEDIA_BENCH_CALLER) await caller();
else await customer();

async function customer(): Promise<void> {
  const engine = createMediaEngine();
  const child = fork(fileURLToPath(import.meta.url), [String(calls), String(seconds)], {
    env: { ...process.env, MEDIA_BENCH_CALLER: '1' },
    execArgv: ['--import', 'tsx'],
  });
  const sessions: MediaSession[] = [];
  const firsts: Promise<{ connected: number; firstSent: number; firstReceived: number }>[] = [];
  const finished = new Promise<number[]>((resolve) => {
    child.on('message', async (m: FromCaller) => {
      if ('done' in m) return resolve(m.energies);
      const { sdp, session } = await engine.answer(m.offer, { source: { kind: 'echo' }, mode: 'both', host });
      const answeredAt = performance.now();
      sessions.push(session);
      firsts.push(watchFirsts(session, answeredAt));
      child.send({ id: m.id, answer: sdp });
    });
  });
  // Let every call connect, then measure CPU over the steady state.
  const timings = await waitForAll(firsts, calls);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  const stats = sessions.map((s) => s.stats());
  child.send({ stop: true });
  const energies = await finished;
  await Promise.all(sessions.map((s) => s.close()));

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const pct = ((cpu.user + cpu.system) / 1000 / wall) * 100;
  console.log(
    `calls: ${calls} simultaneous WebRTC echo calls, ${seconds} s steady state, Node ${process.version}`,
  );
  console.log(`answer → DTLS connected: median ${median(timings.map((t) => t.connected)).toFixed(0)} ms`);
  console.log(`answer → first RTP sent: median ${median(timings.map((t) => t.firstSent)).toFixed(0)} ms`);
  console.log(
    `answer → first RTP received: median ${median(timings.map((t) => t.firstReceived)).toFixed(0)} ms`,
  );
  console.log(
    `customer CPU: ${pct.toFixed(1)} % of one core in total, ${(pct / calls).toFixed(2)} % per call`,
  );
  console.log(`customer memory: rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
  console.log(
    `packets received per call: min ${Math.min(...stats.map((s) => s.packetsReceived))}, callers heard echo energy > 0 on ${energies.filter((e) => e > 0).length}/${calls}`,
  );
  await conferences(engine);
  // Exit once stdout is flushed: piped output is written asynchronously and process.exit would cut it.
  process.stdout.write('', () => process.exit(0));
}

/** The three-party figure: growing steps of simultaneous conferences until one is not proven throughout. */
async function conferences(engine: ReturnType<typeof createMediaEngine>): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), process.argv.slice(2), {
    env: { ...process.env, MEDIA_BENCH_CALLER: 'conference' },
    execArgv: ['--import', 'tsx'],
  });
  const figures: StepFigures[] = [];
  for (const n of steps) {
    const step = await conferenceStep(engine, child, n, seconds);
    figures.push(step);
    console.log(
      `three-party: ${n} simultaneous conferences (${2 * n} legs mixed), ${seconds} s: audio proven among all three on ${step.proven}/${n}; customer CPU ${step.cpuPct.toFixed(1)} % of one core (${(step.cpuPct / n).toFixed(2)} % per conference); rss ${step.rssMb.toFixed(0)} MB`,
    );
    if (step.proven < n) break;
  }
  child.kill();
  const held = figures.filter((f) => f.proven === f.conferences).at(-1)?.conferences ?? 0;
  console.log(
    `three-party: held ${held} simultaneous conferences with audio proven among all parties (steps ${steps.join(', ')}), beside ${calls} two-party calls above`,
  );
}

/** Poll on each event-loop turn (this only runs until each call's first packets). */
async function watchFirsts(session: MediaSession, since: number) {
  const at: { connected?: number; firstSent?: number; firstReceived?: number } = {};
  while (at.firstSent === undefined || at.firstReceived === undefined || at.connected === undefined) {
    const s = session.stats();
    const now = performance.now() - since;
    if (at.connected === undefined && s.dtlsState === 'connected') at.connected = now;
    if (at.firstSent === undefined && s.packetsSent > 0) at.firstSent = now;
    if (at.firstReceived === undefined && s.packetsReceived > 0) at.firstReceived = now;
    await new Promise((r) => setImmediate(r));
  }
  return { connected: at.connected, firstSent: at.firstSent, firstReceived: at.firstReceived };
}

async function waitForAll<T>(list: Promise<T>[], n: number): Promise<T[]> {
  while (list.length < n) await new Promise((r) => setTimeout(r, 10));
  return Promise.all(list);
}

async function caller(): Promise<void> {
  const engine = createMediaEngine();
  const pending = new Map<number, Awaited<ReturnType<typeof engine.offer>>>();
  process.on('message', async (m: { id: number; answer: string } | { stop: true }) => {
    if ('stop' in m) {
      const energies = [...pending.values()].map((p) => p.session.stats().audioEnergyReceived);
      await Promise.all([...pending.values()].map((p) => p.session.close()));
      process.send?.({ done: true, energies });
      process.disconnect();
      return;
    }
    await pending.get(m.id)?.accept(m.answer);
  });
  for (let id = 0; id < calls; id++) {
    const offer = await engine.offer('webrtc', { source: { kind: 'tone' }, mode: 'both', host });
    pending.set(id, offer);
    process.send?.({ id, offer: offer.sdp });
  }
}
