import { median, percentile } from '../../harness/load/percentiles.ts';
import type { SipControlClient } from '../../harness/load/sip-control-client.ts';
import type { FleetRegistration } from '../../harness/softphone/phone-fleet.ts';
import { fmt } from '../lib/table.ts';
import { browserGrowth, totalPss } from './browser-memory.ts';
import { check, type Failed, groupReasons, MB } from './load-report.ts';
import type { PhonePages } from './phone-pages.ts';
import type { SimulatorChild } from './simulator-child.ts';

export interface RegistrationFigures {
  /** Phones whose registration was confirmed (Registered state), in registration order. */
  confirmed: Extract<FleetRegistration, { ok: true }>[];
  /** The others, and why. */
  refused: Failed[];
  /** How many the registrar lists (GET /__mock/sip/registrations), or why it could not be read. */
  listed: number | string;
  /** Confirmed phones the registrar does not list. */
  unlisted: number;
  lines: string[];
}

/**
 * Register every phone (a few at a time per page), count the confirmed ones,
 * cross-check them with the registrar, and measure what they cost in memory on
 * both sides.
 */
export async function registrationPhase(
  sim: SimulatorChild,
  pages: PhonePages,
  control: SipControlClient,
  o: { phones: number; concurrency: number; target: number },
): Promise<RegistrationFigures> {
  const [simBefore, browserBefore] = [await sim.memory(), await pages.memory()];
  const t0 = performance.now();
  const outcomes = await pages.registerAll(sim.ready.wsUrl, o.concurrency);
  const seconds = (performance.now() - t0) / 1000;
  const confirmed = outcomes.filter((r) => r.ok);
  const refused = outcomes.flatMap((r) => (r.ok ? [] : [{ reason: r.error, who: r.name }]));
  const read = await control.registrations(sim.ready.tenant);
  const listed = new Set(read.ok ? read.value.map((r) => r.sipAccount) : []);
  const unlisted = confirmed.filter((r) => !listed.has(r.name)).length;
  const [simAfter, browserAfter] = [await sim.memory(), await pages.memory()];

  const n = Math.max(1, confirmed.length);
  const ms = confirmed.map((r) => r.ms);
  const kbPerAgent = (after: number, before: number) => `${fmt((after - before) / n / 1024, 1)} KB`;
  const mbPerPhone = (bytes: number) => `${fmt(bytes / n / MB, 3)} MB`;
  const grew = browserGrowth(browserBefore, browserAfter);
  const lines = [
    `  registered agents         ${confirmed.length} of ${o.phones} (target ${o.target}) ${check(confirmed.length >= Math.min(o.phones, o.target))}; ` +
      `registrar lists ${read.ok ? listed.size : `? (${read.error})`}${unlisted ? `, ${unlisted} confirmed phones missing from it` : ''}`,
    ...(refused.length > 0 ? [`  not registered            ${groupReasons(refused)}`] : []),
    `  time to register all      ${fmt(seconds, 2)} s (${fmt(confirmed.length / seconds)} registrations/s); ` +
      `per phone median ${fmt(median(ms))} ms, p95 ${fmt(percentile(ms, 95))} ms`,
    `  simulator memory          rss ${fmt(simAfter.rss / MB)} MB, heap ${fmt(simAfter.heapUsed / MB, 1)} MB; per registered agent ` +
      `heap ${kbPerAgent(simAfter.heapUsed, simBefore.heapUsed)}, external ${kbPerAgent(simAfter.external, simBefore.external)}, ` +
      `rss ${kbPerAgent(simAfter.rss, simBefore.rss)}`,
    `  browser memory per phone  renderer ${mbPerPhone(grew.rendererPrivate)} private, ${mbPerPhone(grew.rendererRss)} resident ` +
      `(JS heap ${mbPerPhone(grew.jsHeap)}); whole browser ${mbPerPhone(grew.allPrivate)} private; ` +
      `browser total ${fmt(totalPss(browserAfter) / MB)} MB (PSS)`,
  ];
  return {
    confirmed,
    refused,
    listed: read.ok ? listed.size : read.error,
    unlisted,
    lines,
  };
}
