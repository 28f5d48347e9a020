/**
 * Media figures for the simulated customer (not a test: it prints numbers).
 *
 *   node --import tsx bench/media-calls.ts [calls=10] [seconds=10]
 *
 * The engine under measurement runs in this process and answers WebRTC offers
 * with echo; the callers (werift too, playing a tone) run in a child process,
 * so this process's CPU is the customer's alone. Prints, per call, the time
 * from the answer being returned to DTLS connected and to the first RTP sent
 * and received, then the CPU used while `calls` echo calls run at once.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createMediaEngine } from '../mock-cec/media/create-media-engine.ts';
import type { MediaSession } from '../mock-cec/media/media-engine.ts';

type FromCaller = { offer: string; id: number } | { done: true; energies: number[] };

const calls = Number(process.argv[2] ?? 10);
const seconds = Number(process.argv[3] ?? 10);
const host = '127.0.0.1';

if (process.env.MEDIA_BENCH_CALLER) await caller();
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
  process.exit(0);
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
