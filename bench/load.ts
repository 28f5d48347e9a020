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
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CallTarget, runCallRound } from '../harness/load/call-round.ts';
import { median, percentile } from '../harness/load/percentiles.ts';
import { SipControlClient } from '../harness/load/sip-control-client.ts';
import { cpuMeter } from './lib/proc-stats.ts';
import { fmt } from './lib/table.ts';
import { browserGrowth, totalPss } from './load/browser-memory.ts';
import { type LoadOptions, parseLoadOptions, USAGE } from './load/load-options.ts';
import {
  check,
  groupReasons,
  MB,
  type RoundFigures,
  roundFailures,
  roundsTable,
} from './load/load-report.ts';
import { PhonePages } from './load/phone-pages.ts';
import { startSimulatorChild } from './load/simulator-child.ts';

const TARGET = { agents: 200, calls: 25 };

const parsed = parseLoadOptions(process.argv.slice(2));
if ('help' in parsed) process.stdout.write(USAGE);
else if (!parsed.ok) {
  process.stderr.write(`bench/load: ${parsed.error} (see --help)\n`);
  process.exitCode = 2;
} else process.exitCode = await run(parsed.options);

async function run(o: LoadOptions): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const certDir = await mkdtemp(join(tmpdir(), 'mock-cec-load-'));
  const sim = await startSimulatorChild(certDir, o.seed, o.phones);
  const control = new SipControlClient(sim.ready.url, sim.ready.ca);
  let pages: PhonePages | undefined;
  try {
    pages = await PhonePages.open(sim.ready.agents, o.perPage);
    out(
      `load: ${o.phones} phones in ${pages.pages.length} page(s) of ≤ ${o.perPage}, ${o.concurrency} registrations in flight per page; ` +
        `rounds of ${o.calls.join(', ')} calls held ${o.holdMs / 1000} s. ` +
        `Node ${process.version}, Chromium ${pages.browser.version()}, ${cpus().length} cores, load average ${fmt(loadavg()[0]!, 1)} at start`,
    );

    // Registration: counted once confirmed, cross-checked with the registrar.
    const [simBefore, browserBefore] = [await sim.memory(), await pages.memory()];
    const t0 = performance.now();
    const outcomes = await pages.registerAll(sim.ready.wsUrl, o.concurrency);
    const registerMs = performance.now() - t0;
    const confirmed = outcomes.filter((r) => r.ok);
    const refused = outcomes.flatMap((r) => (r.ok ? [] : [r.error.replace(/\d+ ms/, 'N ms')]));
    const listed = await control.registrations(sim.ready.tenant);
    const listedSet = new Set(listed.ok ? listed.value.map((r) => r.sipAccount) : []);
    const unlisted = confirmed.filter((r) => !listedSet.has(r.name)).length;
    const [simAfter, browserAfter] = [await sim.memory(), await pages.memory()];
    const n = Math.max(1, confirmed.length);
    const regMs = confirmed.map((r) => r.ms);

    out('\nregistration');
    out(
      `  registered agents         ${confirmed.length} of ${o.phones} (target ${TARGET.agents}) ${check(confirmed.length >= Math.min(o.phones, TARGET.agents))}; ` +
        `registrar lists ${listed.ok ? listedSet.size : `? (${listed.error})`}${unlisted ? `, ${unlisted} confirmed phones missing from it` : ''}`,
    );
    if (refused.length > 0) out(`  not registered            ${groupReasons(refused)}`);
    out(
      `  time to register all      ${fmt(registerMs / 1000, 2)} s (${fmt(confirmed.length / (registerMs / 1000))} registrations/s); ` +
        `per phone median ${fmt(median(regMs))} ms, p95 ${fmt(percentile(regMs, 95))} ms`,
    );
    out(
      `  simulator memory          rss ${fmt(simAfter.rss / MB)} MB, heap ${fmt(simAfter.heapUsed / MB, 1)} MB; per registered agent ` +
        `heap ${fmt((simAfter.heapUsed - simBefore.heapUsed) / n / 1024, 1)} KB, ` +
        `external ${fmt((simAfter.external - simBefore.external) / n / 1024, 1)} KB, rss ${fmt((simAfter.rss - simBefore.rss) / n / 1024, 1)} KB`,
    );
    const grew = browserGrowth(browserBefore, browserAfter);
    const perPhone = (bytes: number) => `${fmt(bytes / n / MB, 3)} MB`;
    out(
      `  browser memory per phone  renderer ${perPhone(grew.rendererPrivate)} private, ${perPhone(grew.rendererRss)} resident ` +
        `(JS heap ${perPhone(grew.jsHeap)}); whole browser ${perPhone(grew.allPrivate)} private; ` +
        `browser total ${fmt(totalPss(browserAfter) / MB)} MB (PSS)`,
    );

    // Rounds of simultaneous calls, stopping at the first that does not hold.
    const fleetOf = new Map(
      pages.pages.flatMap((p) => p.accounts.map((a) => [a.sipAccount, p.fleet] as const)),
    );
    const phones = interleave(
      confirmed.map((r) => r.name),
      fleetOf,
    );
    // One call first, not counted: the simulator loads its media engine (werift) on the first call.
    if (phones[0]) {
      const first = await runCallRound({
        control,
        tenant: sim.ready.tenant,
        targets: [{ sipAccount: phones[0], fleet: fleetOf.get(phones[0])! }],
        holdMs: 0,
      });
      const why = first.failures.length > 0 ? ` (failed: ${roundFailures(first)})` : '';
      out(
        `\nfirst call (warms the media engine, not counted): setup ${fmt(first.setupMs[0] ?? Number.NaN)} ms${why}`,
      );
    }
    const rounds: RoundFigures[] = [];
    let stop: string | undefined;
    for (const wanted of o.calls) {
      if (wanted > phones.length) {
        stop = `${wanted} calls: only ${phones.length} phones are registered`;
        break;
      }
      const meters = { simulator: cpuMeter(() => [sim.pid]), browser: cpuMeter(() => pages!.processes()) };
      const cpu = { simulator: Number.NaN, browser: Number.NaN };
      const targets: CallTarget[] = phones
        .slice(0, wanted)
        .map((s) => ({ sipAccount: s, fleet: fleetOf.get(s)! }));
      const round = await runCallRound({
        control,
        tenant: sim.ready.tenant,
        targets,
        holdMs: o.holdMs,
        onHold: {
          start: () => {
            meters.simulator.start();
            meters.browser.start();
          },
          end: () => {
            cpu.simulator = meters.simulator.stop();
            cpu.browser = meters.browser.stop();
          },
        },
      });
      rounds.push({ round, cpu });
      if (round.failures.length > 0) {
        stop = `${wanted} calls: ${roundFailures(round)}`;
        break;
      }
    }
    out(
      `\nsimultaneous calls (packet rates: the lowest call; 50/s is every 20 ms frame. Loss: the worst call. CPU: % of one core while held)`,
    );
    out(roundsTable(rounds));
    if (stop) out(`\nstops at ${stop}`);

    // The biggest round in which every call was answered and carried audio both ways.
    const held = rounds.filter((r) => r.round.audioProven === r.round.calls).map((r) => r.round.calls);
    const proven = Math.max(0, ...held);
    out(
      `\nresult: ${confirmed.length} registered agents (target ${TARGET.agents}) ${check(confirmed.length >= TARGET.agents)}; ` +
        `${proven} simultaneous calls with audio proven both ways (target ${TARGET.calls}) ${check(proven >= TARGET.calls)}; ` +
        `failures: ${refused.length + rounds.reduce((a, r) => a + r.round.failures.length, 0) || 'none'}`,
    );
    const firstRoundHeld = rounds[0]?.round.failures.length === 0;
    return refused.length === 0 && unlisted === 0 && firstRoundHeld ? 0 : 1;
  } finally {
    await pages?.close();
    await control.close();
    await sim.stop();
    await rm(certDir, { recursive: true, force: true });
  }
}

/** Phones taken in turn from each page, so a round's calls load every page alike. */
function interleave(names: string[], fleetOf: Map<string, unknown>): string[] {
  const byPage = new Map<unknown, string[]>();
  for (const name of names) byPage.set(fleetOf.get(name), [...(byPage.get(fleetOf.get(name)) ?? []), name]);
  const queues = [...byPage.values()];
  const out: string[] = [];
  for (let i = 0; out.length < names.length; i++)
    for (const q of queues) if (q[i] !== undefined) out.push(q[i]!);
  return out;
}
