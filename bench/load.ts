/**
 * Load figures (issue 6, "Figures"): how many agents and simultaneous calls
 * with audio one machine holds. Not a test: it prints figures and targets.
 *
 *   node --import tsx bench/load.ts [--phones 200] [--calls 25[,50,…]] [--step] …   (--help)
 *
 * The simulator runs in a child process (HTTPS with the development
 * certificate in a temporary folder, SIP over WSS), so its CPU and memory are
 * its own; one Chromium holds the SIP.js phones, a hundred to a page. Phones
 * count once registered (Registered state), cross-checked with the registrar;
 * then each round places simultaneous customer calls with a tone, the phones
 * answer with Chromium's fake microphone, audio is proven both ways on every
 * call, the calls are held while CPU is sampled, and all are hung up.
 *
 * With `--media-workers 0,1` the whole run happens once per setting (media on
 * the simulator's main loop, then on a worker thread), and issue 14's figures
 * follow side by side: packets/s of the slowest call, timers' lateness p99,
 * OPTIONS answer time, the main loop's busy share.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SipControlClient } from '../harness/load/sip-control-client.ts';
import { fmt } from './lib/table.ts';
import { callPhase, interleave } from './load/call-phase.ts';
import { type LoadOptions, parseLoadOptions, USAGE } from './load/load-options.ts';
import {
  check,
  mediaWorkersTable,
  type RoundFigures,
  roundFailures,
  roundsTable,
} from './load/load-report.ts';
import { optionsProbe } from './load/options-probe.ts';
import { PhonePages } from './load/phone-pages.ts';
import { registrationPhase } from './load/registration-phase.ts';
import { startSimulatorChild } from './load/simulator-child.ts';

/** Issue 6: 200 registered agents and 25 simultaneous calls with audio proven, on 2 cores. */
const TARGET = { agents: 200, calls: 25 };

const parsed = parseLoadOptions(process.argv.slice(2));
if ('help' in parsed) process.stdout.write(USAGE);
else if (!parsed.ok) {
  process.stderr.write(`bench/load: ${parsed.error} (see --help)\n`);
  process.exitCode = 2;
} else process.exitCode = await runAll(parsed.options);

function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** One run per media-worker setting, then their figures side by side. */
async function runAll(o: LoadOptions): Promise<number> {
  const runs: { workers: number; rounds: RoundFigures[] }[] = [];
  let code = 0;
  for (const workers of o.mediaWorkers) {
    if (o.mediaWorkers.length > 1)
      out(`\n=== media workers: ${workers}${workers === 0 ? ' (media on the main loop)' : ''}`);
    const r = await run(o, workers);
    runs.push({ workers, rounds: r.rounds });
    code ||= r.code;
  }
  if (runs.length > 1) {
    out(
      `\nmedia off the main loop (issue 14; goals: 50 packets/s on every call at 100 calls; timers p99 < 20 ms and OPTIONS < 50 ms at 150); load average ${fmt(loadavg()[0]!, 1)} now`,
    );
    out(mediaWorkersTable(runs));
  }
  return code;
}

/** The run; code 0 when every phone registered and the first round held, else 1. */
async function run(o: LoadOptions, workers: number): Promise<{ code: number; rounds: RoundFigures[] }> {
  const certDir = await mkdtemp(join(tmpdir(), 'mock-cec-load-'));
  const sim = await startSimulatorChild(certDir, o.seed, o.phones, workers, {
    priority: o.simPriority,
    mediaPriority: o.mediaPriority,
  });
  const control = new SipControlClient(sim.ready.url, sim.ready.ca);
  const probe = await optionsProbe(sim.ready.sipUdpPort);
  let pages: PhonePages | undefined;
  try {
    pages = await PhonePages.open(sim.ready.agents, o.perPage);
    out(
      `load: ${o.phones} phones in ${pages.pages.length} page(s) of ≤ ${o.perPage}, ${o.concurrency} registrations in flight per page; ` +
        `rounds of ${o.calls.join(', ')} calls held ${o.holdMs / 1000} s. Node ${process.version}, ` +
        `Chromium ${pages.browser.version()}, ${availableParallelism()} cores, load average ${fmt(loadavg()[0]!, 1)} at start; ` +
        `media workers ${workers}; simulator at nice ${sim.ready.priority.value}` +
        (sim.ready.priority.refused ? ` (not ${o.simPriority}: ${sim.ready.priority.refused})` : '') +
        (o.mediaPriority !== undefined && workers > 0 ? `, its media workers at ${o.mediaPriority}` : ''),
    );

    const reg = await registrationPhase(sim, pages, control, { ...o, target: TARGET.agents });
    out('\nregistration');
    for (const line of reg.lines) out(line);

    const fleetOf = new Map(
      pages.pages.flatMap((p) => p.accounts.map((a) => [a.sipAccount, p.fleet] as const)),
    );
    const registered = reg.confirmed.map((r) => ({ sipAccount: r.name, fleet: fleetOf.get(r.name)! }));
    const calls = await callPhase({
      control,
      tenant: sim.ready.tenant,
      phones: interleave(registered, (p) => p.fleet),
      calls: o.calls,
      holdMs: o.holdMs,
      simulator: sim,
      browserProcesses: () => pages!.processes(),
      probe,
      keepGoing: o.keepGoing,
    });
    if (calls.first) {
      const failed = calls.first.failures.length > 0 ? ` (failed: ${roundFailures(calls.first)})` : '';
      out(
        `\nfirst call (warms the media engine, not counted): setup ${fmt(calls.first.setupMs[0] ?? Number.NaN)} ms${failed}`,
      );
    }
    out(
      '\nsimultaneous calls (packet rates: the slowest call, 50/s is every 20 ms frame; loss: the worst call; CPU: % of one core while held)',
    );
    out(roundsTable(calls.rounds));
    if (calls.stop) out(`\nstops at ${calls.stop}`);
    for (const short of calls.shortfalls) out(`\nfell short (--keep-going went on): ${short}`);

    // The biggest round in which every call was answered and carried audio both ways (in real time).
    const biggest = (held: (r: RoundFigures) => boolean) =>
      Math.max(0, ...calls.rounds.filter(held).map((r) => r.round.calls));
    const proven = biggest((r) => r.round.audioProven === r.round.calls);
    const realTime = biggest((r) => r.round.audioProven === r.round.calls && !r.behind);
    const failures = reg.refused.length + calls.rounds.reduce((a, r) => a + r.round.failures.length, 0);
    out(
      `\nresult: ${reg.confirmed.length} registered agents (target ${TARGET.agents}) ${check(reg.confirmed.length >= TARGET.agents)}; ` +
        `${proven} simultaneous calls with audio proven both ways (target ${TARGET.calls}) ${check(proven >= TARGET.calls)}, ` +
        `in real time up to ${realTime}; ` +
        `failures: ${failures || 'none'}`,
    );
    const firstRoundHeld = calls.rounds[0]?.round.failures.length === 0;
    return {
      code: reg.refused.length === 0 && reg.unlisted === 0 && firstRoundHeld ? 0 : 1,
      rounds: calls.rounds,
    };
  } finally {
    await probe.close();
    await pages?.close();
    await control.close();
    await sim.stop();
    await rm(certDir, { recursive: true, force: true });
  }
}
