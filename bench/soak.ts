/**
 * The soak (issue 14, "Load and soak"): a long steady load, to see that no
 * call is lost and that memory stays flat.
 *
 *   node --import tsx bench/soak.ts [--minutes 10] [--agents 500] [--signed-in 200] [--calls 50] …  (--help)
 *
 * The simulator runs in a child process (HTTPS with the development
 * certificate, SIP over WSS) so that its CPU and memory are its own. Agents
 * register over WSS: the signed-in ones as SIP.js phones in Chromium (a
 * hundred to a page, each page its own context), the others as raw `ws`
 * clients with digest that stay connected. The signed-in agents sign in
 * through the agent gateway and long-poll their events; each answers the
 * calls that ring it from the gateway (voicecall/answer), as from the bar.
 * Calls arrive at a steady rate into the skill queue, so that `--calls` are up
 * at once, the customer plays a tone and hangs up after `--hold` seconds;
 * every few seconds the calls are sampled to prove audio both ways on each.
 * Printed: calls placed / answered / lost, event delay (the simulator's
 * eventGenTime to the poller's receipt) p50/p99, the simulator's RSS every
 * minute (after a full GC, compacted and swept in place:
 * bench/load/collect-in-place.ts) and its slope, journal size; drawn in
 * reports/bench/soak.svg.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { SipControlClient } from '../harness/load/sip-control-client.ts';
import type { PhoneFleet } from '../harness/softphone/phone-fleet.ts';
import { writeReport } from './lib/report-file.ts';
import { fmt } from './lib/table.ts';
import { failureSummary, registerOverWs } from './lib/ws-agents.ts';
import { groupReasons } from './load/load-report.ts';
import { PhonePages } from './load/phone-pages.ts';
import { startSimulatorChild } from './load/simulator-child.ts';
import { CallWatch } from './soak/call-watch.ts';
import { EventTally } from './soak/event-tally.ts';
import { GatewayAgent } from './soak/gateway-agent.ts';
import { arrivalRate, parseSoakOptions, type SoakOptions, USAGE } from './soak/soak-options.ts';
import {
  lostCalls,
  type MinuteSample,
  progressLine,
  type SoakFigures,
  soakChart,
  soakReport,
} from './soak/soak-report.ts';

const MB = 2 ** 20;
const out = (line = '') => process.stdout.write(`${line}\n`);

const parsed = parseSoakOptions(process.argv.slice(2));
if ('help' in parsed) process.stdout.write(USAGE);
else if (!parsed.ok) {
  process.stderr.write(`bench/soak: ${parsed.error} (see --help)\n`);
  process.exitCode = 2;
} else process.exitCode = await soak(parsed.options);

/** The run; 0 when no call was lost and every answered call carried audio both ways, else 1. */
async function soak(o: SoakOptions): Promise<number> {
  const certDir = await mkdtemp(join(tmpdir(), 'mock-cec-soak-'));
  const sim = await startSimulatorChild(certDir, o.seed, o.agents, o.mediaWorkers, { journal: o.journal });
  const { url, ca, wsUrl, tenant } = sim.ready;
  const control = new SipControlClient(url, ca);
  // Pollers hold a connection each for up to the poll timeout; their answers and sign-ins need more.
  // Idle connections are kept 30 s (undici's default is 4 s), so that a loaded machine is not made busier
  // still by TLS handshakes; a handshake may take 30 s there before it counts as failed.
  const dispatcher = new Agent({
    connect: { ca, timeout: 30_000 },
    connections: o.signedIn + 32,
    keepAliveTimeout: 30_000,
  });
  // The soak's own look at the calls (placing them, the calls list, the customer's legs) goes over
  // connections of its own, as a QA tool's would, not the agents' browsers'. Shared, the calls list
  // (some 190 KB every 5 s) reached more of the pollers' long-lived connections as the run went on, and
  // Node's TLS keeps an output buffer of up to 2 × 16 KB on each connection that ever carried a
  // large answer, for as long as it lives: the simulator's memory then rose by the bench's doing,
  // some 0.3 MB/min in minutes 5–10 (docs/benchmarks.md, fifteenth session).
  const watchDispatcher = new Agent({
    connect: { ca, timeout: 30_000 },
    connections: 8,
    keepAliveTimeout: 30_000,
  });
  const [phoneAgents, wsAgents] = [sim.ready.agents.slice(0, o.signedIn), sim.ready.agents.slice(o.signedIn)];
  let pages: PhonePages | undefined;
  let ws: Awaited<ReturnType<typeof registerOverWs>> | undefined;
  const desks: GatewayAgent[] = [];
  try {
    out(
      `soak: Node ${process.version}, ${availableParallelism()} cores, load average ${fmt(loadavg()[0]!, 1)} at start; ` +
        `${o.agents} agents, ${o.signedIn} signed in, ${o.calls} calls at once for ${o.minutes} min; ` +
        `media ${o.mediaWorkers === 0 ? 'on the main loop' : `on ${o.mediaWorkers} worker thread${o.mediaWorkers > 1 ? 's' : ''}`}; ` +
        `journal of ${o.journal.toLocaleString('en-US')} entries`,
    );
    let t0 = performance.now();
    ws = await registerOverWs(
      wsUrl,
      wsAgents.map((a) => ({ username: a.sipAccount, password: a.sipPwd })),
      { ca, concurrency: 20, expiresSec: 3600 },
    );
    out(
      `  ${ws.clients.length} ws clients registered in ${fmt((performance.now() - t0) / 1000, 1)} s` +
        (ws.failed.length ? `; not registered: ${failureSummary(ws.failed)}` : ''),
    );

    t0 = performance.now();
    pages = await PhonePages.open(phoneAgents, 100);
    const outcomes = await pages.registerAll(wsUrl, 6);
    const phones = outcomes.filter((r) => r.ok);
    const refused = outcomes.flatMap((r) => (r.ok ? [] : [{ reason: r.error, who: r.name }]));
    out(
      `  ${phones.length} browser phones registered in ${fmt((performance.now() - t0) / 1000, 1)} s` +
        (refused.length ? `; not registered: ${groupReasons(refused)}` : ''),
    );
    const fleetOf = new Map<string, PhoneFleet>(
      pages.pages.flatMap((p) => p.accounts.map((a) => [a.sipAccount, p.fleet] as const)),
    );
    const accountOf = new Map(phoneAgents.map((a) => [a.workNo, a.sipAccount]));

    const tally = new EventTally();
    const problem = (p: string) => tally.problem(p);
    const calls = new CallWatch({
      baseUrl: url,
      dispatcher: watchDispatcher,
      tenant,
      holdMs: o.holdSec * 1000,
      phoneOf: (workNo) => {
        const sipAccount = accountOf.get(workNo);
        const fleet = sipAccount === undefined ? undefined : fleetOf.get(sipAccount);
        return sipAccount && fleet ? { sipAccount, fleet } : undefined;
      },
      onProblem: problem,
    });

    t0 = performance.now();
    for (const a of phoneAgents) {
      desks.push(
        new GatewayAgent({
          baseUrl: url,
          dispatcher,
          workNo: a.workNo,
          password: a.password,
          sipAccount: a.sipAccount,
          onEvent(event, receivedAt) {
            tally.event(event, receivedAt);
            if (event.eventType === 'AgentEvent_Talking')
              calls.talking((event.content as { callid: string }).callid);
          },
          onProblem: problem,
        }),
      );
    }
    const signIns = await inBatches(desks, 20, (d) => d.signIn());
    const signedIn = desks.filter((_, i) => signIns[i] === undefined);
    for (const d of signedIn) d.startPolling();
    const signInProblems = signIns.filter((p) => p !== undefined);
    out(
      `  ${signedIn.length} agents signed in and long-polling in ${fmt((performance.now() - t0) / 1000, 1)} s` +
        (signInProblems.length ? `; refused: ${signInProblems.slice(0, 3).join('; ')}` : ''),
    );
    const listedAtStart = await listed(control, tenant);

    // Calls start; the marks sample memory and print progress.
    const runMs = o.minutes * 60_000;
    const markMs = Math.min(60_000, runMs / 4);
    const start = performance.now();
    const minutes: MinuteSample[] = [];
    const mark = async (phase: MinuteSample['phase']) => {
      const m = await sim.memory();
      const c = calls.counts();
      const w = tally.window();
      const sample: MinuteSample = {
        minute: (performance.now() - start) / 60_000,
        phase,
        rssMb: m.rss / MB,
        heapMb: m.heapUsed / MB,
        workerHeapsMb: m.workers.map((w) => w.usedHeapSize / MB),
        heapsCommittedMb: (m.heapTotal + m.workers.reduce((a, w) => a + w.totalHeapSize, 0)) / MB,
        externalMb: (m.external + m.workers.reduce((a, w) => a + w.externalMemory, 0)) / MB,
        journalKept: Math.min(m.journal.written, m.journal.capacity),
        journalMb: m.journal.bytes / MB,
        journalFull: m.journal.written >= m.journal.capacity,
        legsKept: m.customerLegs,
        calls: {
          placed: c.placed,
          answered: c.answered,
          up: c.up,
          proven: c.proven,
          // Lost so far: refused, not placed, or ended unanswered (a call still ringing may yet be answered).
          lost: c.refused + c.failedToPlace + c.endedUnanswered,
        },
        events: w.events,
        delayP50: w.p50,
        delayP99: w.p99,
      };
      minutes.push(sample);
      out(progressLine(sample));
      return m;
    };
    out(
      `\ncalls: ${fmt(arrivalRate(o), 2)} a second for ${o.minutes} min, each held ${o.holdSec} s; ` +
        `memory and progress every ${fmt(markMs / 1000)} s`,
    );
    await mark('start');
    // The delays reported are those of the events while calls run, not the sign-ins' burst before.
    const firstDelay = tally.delays.length;
    const placing: Promise<void>[] = [];
    const interval = 1000 / arrivalRate(o);
    let placed = 0;
    const placer = setInterval(
      () => {
        // Catch up on what a late timer missed, so the rate holds on a loaded machine.
        const due = Math.floor((performance.now() - start) / interval) + 1;
        for (; placed < due && performance.now() - start < runMs; placed++) placing.push(calls.place());
      },
      Math.min(interval, 100),
    );
    // Rounds start every --sample seconds; one that takes longer is followed at once by the next.
    let sampling = true;
    let lateRounds = 0;
    const sampler = (async () => {
      while (sampling) {
        const began = performance.now();
        await calls.sample();
        const left = o.sampleSec * 1000 - (performance.now() - began);
        if (left < 0) lateRounds++;
        else await new Promise((r) => setTimeout(r, left));
      }
    })();
    let marking = Promise.resolve();
    const marker = setInterval(() => {
      // The mark due when the last call is placed (its timer a moment late) still counts as during calls.
      const phase = performance.now() - start <= runMs + 1_000 ? 'calls' : 'draining';
      marking = marking.then(async () => void (await mark(phase)));
    }, markMs);

    await new Promise((r) => setTimeout(r, runMs));
    clearInterval(placer);
    await Promise.all(placing);
    // Drain: the calls up end when their customers hang up.
    const drainUntil = performance.now() + o.holdSec * 1000 + 45_000;
    while (calls.open > 0 && performance.now() < drainUntil) {
      await new Promise((r) => setTimeout(r, 1_000));
    }
    sampling = false;
    clearInterval(marker);
    await sampler;
    if (lateRounds > 0)
      tally.problem(`sampling rounds that took over ${o.sampleSec} s (a loaded machine)`, lateRounds);
    await marking;
    await calls.sample();
    const end = await mark('drained');
    const listedAtEnd = await listed(control, tenant);

    const result: SoakFigures = {
      options: o,
      registered: { ws: ws.clients.length, browser: phones.length, listedAtStart, listedAtEnd },
      signedIn: signedIn.length,
      calls: calls.counts(),
      delays: tally.delays.slice(firstDelay),
      eventTypes: tally.types,
      problems: tally.problems,
      minutes,
      journal: end.journal,
    };
    out('');
    for (const line of soakReport(result)) out(line);
    // The figures without every event's delay (the minutes hold their percentiles), to draw again.
    writeReport('soak.json', JSON.stringify({ ...result, delays: [] }), out);
    writeReport('soak.svg', soakChart(result), out);
    return lostCalls(result.calls) === 0 && result.calls.unproven === 0 ? 0 : 1;
  } finally {
    await Promise.all(desks.map((d) => d.stop()));
    await pages?.close();
    await ws?.close();
    await control.close();
    await dispatcher.close();
    await watchDispatcher.close();
    await sim.stop();
    await rm(certDir, { recursive: true, force: true });
  }
}

/** How many softphones the registrar lists for the tenant (NaN when it cannot be read). */
async function listed(control: SipControlClient, tenant: string): Promise<number> {
  const r = await control.registrations(tenant);
  return r.ok ? new Set(r.value.map((x) => x.sipAccount)).size : Number.NaN;
}

/** `run` over the items, `size` at a time, results in order. */
async function inBatches<T, R>(
  items: readonly T[],
  size: number,
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size)
    results.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  return results;
}
