/**
 * The soak's figures, and what it prints and draws of them. Pure: figures in,
 * lines and SVG out.
 */
import { median, percentile } from '../../harness/load/percentiles.ts';
import { lineChart, type Point, stackCharts } from '../lib/svg-chart.ts';
import { fmt, table } from '../lib/table.ts';
import { arrivalRate, type SoakOptions } from './soak-options.ts';

export interface CallCounts {
  /** Every call the soak tried to place (accepted, refused by a full queue, or failed to place). */
  placed: number;
  /** 409: the skill queue was full. */
  refused: number;
  failedToPlace: number;
  answered: number;
  /** Calls that ended without being answered. */
  endedUnanswered: number;
  /** Calls not seen ended (still up, or never seen again). */
  up: number;
  /** Answered calls with audio proven both ways. */
  proven: number;
  /** Answered calls that ended without audio proven both ways. */
  unproven: number;
  unprovenReasons: string[];
  /** How each unanswered call ended. */
  unansweredReasons: string[];
}

/** What was measured at one minute mark. */
export interface MinuteSample {
  /** Minutes since calls started. */
  minute: number;
  /** Before the first call, while calls arrive, while the last ones end, or after. */
  phase: 'start' | 'calls' | 'draining' | 'drained';
  /** The simulator's memory after a full collection, MB. */
  rssMb: number;
  /** The main loop's JS heap. */
  heapMb: number;
  /**
   * Each media worker's JS heap after a full collection in it, MB: a worker is
   * an isolate of its own, in `rssMb` but not in `heapMb` (none: media on the
   * main loop, or figures saved before they were measured).
   */
  workerHeapsMb?: number[];
  /**
   * Where RSS is, MB (none in figures saved before 2026-12-05): the V8 heaps
   * as committed (the main loop's and the workers', used or not), and memory
   * outside them that V8 knows of (Buffers, typed arrays: RTP packets, the
   * journal's columns and SIP arena). RSS less both is native memory
   * (malloc, code, the binary's pages, thread stacks).
   */
  heapsCommittedMb?: number;
  externalMb?: number;
  /** Journal entries kept (at most its capacity). */
  journalKept: number;
  /** What the journal holds, MB (estimated: `Journal.memoryBytes`), part of the RSS. */
  journalMb: number;
  /** Whether the journal had reached its capacity (from then on it holds about the same). */
  journalFull: boolean;
  /** Call legs the simulated customer holds, live and ended. */
  legsKept: number;
  calls: Pick<CallCounts, 'placed' | 'answered' | 'up' | 'proven'> & { lost: number };
  /** Events received in the minute before, and their delay (ms) p50 and p99. */
  events: number;
  delayP50: number;
  delayP99: number;
}

export interface SoakFigures {
  options: SoakOptions;
  /** How the agents registered: raw ws clients and browser phones, and how many the registrar listed. */
  registered: { ws: number; browser: number; listedAtStart: number; listedAtEnd: number };
  signedIn: number;
  calls: CallCounts;
  /** Every event's delay, ms: from the simulator's eventGenTime to the poller receiving it. */
  delays: readonly number[];
  /** Events by type. */
  eventTypes: Record<string, number>;
  /** Problems (a failed poll, an answer refused…), grouped by what they say. */
  problems: Record<string, number>;
  minutes: readonly MinuteSample[];
  journal: { written: number; capacity: number; bytes: number };
}

/** Ended legs a simulator may keep for its views (the ACD's call book keeps 200 ended calls). */
export const LEG_HISTORY = 200;

/**
 * Below this slope (MB/min, after the warm-up) of RSS less the journal,
 * memory counts as flat. The report splits it: the V8 heaps' free room (what
 * is committed and no object uses after the full GC) is V8's reserve, sized
 * by its own policy: it keeps a page while one object on it lives and
 * compacts under load only pages it finds nearly empty, so the reserve grows
 * with the heap's churn until promoted objects fill its holes as fast as they
 * die; what is left is memory in use (objects, Buffers, native), where a leak
 * shows. The verdict stays on RSS less the journal, the memory a user pays
 * for. Under the soak's load neither part is level before minute 10: the
 * 20-minute soak of 2026-12-06 read, from minute 5 to 10, free room
 * +1.65 MB/min and in use +1.21; from minute 10 to 20, +0.5 and +0.4 (RSS
 * less the journal +0.9, flat).
 */
export const FLAT_MB_PER_MIN = 1;

/** The least-squares line through `points`: its slope (NaN with fewer than two distinct x) and its standard error. */
function fitLine(points: readonly Point[]): { slope: number; error: number } {
  const n = points.length;
  if (n < 2) return { slope: Number.NaN, error: Number.NaN };
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  const b = den === 0 ? Number.NaN : num / den;
  if (n < 3 || Number.isNaN(b)) return { slope: b, error: Number.NaN };
  let residuals = 0;
  for (const p of points) residuals += (p.y - my - b * (p.x - mx)) ** 2;
  return { slope: b, error: Math.sqrt(residuals / (n - 2) / den) };
}

/** The least-squares slope of y over x (NaN with fewer than two distinct x). */
export const slope = (points: readonly Point[]): number => fitLine(points).slope;

/**
 * The standard error of `slope(points)`: how far the marks scatter about the
 * fitted line, for the slope (NaN with fewer than three points). The full GC
 * at each mark leaves V8's heaps committed a few MB higher or lower from one
 * mark to the next, so six marks a minute apart tell a slope only to about
 * ±1 MB/min, the size of the "flat" bound: the report prints it beside the
 * slope so that a reader sees when a verdict is the scatter's.
 */
export const slopeError = (points: readonly Point[]): number => fitLine(points).error;

/**
 * Where the warm-up ends: the second half of the calls. A simulator under a
 * new load grows to its working size at several paces, none of them a leak:
 * the JIT's code, V8's heaps (the main loop's and each media worker's, whose
 * isolate grows for about three minutes under 50 calls), malloc's arenas, the
 * books that keep the newest N (200 ended calls, fill at minute 1–2 at 2.5
 * calls a second), pools of sockets and buffers. The full soak of 2026-12-05
 * rose 141 MB in its first three minutes and not after (RSS less the journal
 * 413 → 404 MB from minute 3 to 10), and a slope from minute 1 called that
 * "rising". A leak grows all along, so it shows in the second half as well,
 * which is still six marks in the 10-minute soak (minutes 5–10) and three in
 * the short one (0:30–1:00). Stated in the report.
 */
export const warmUpMinutes = (runMinutes: number) => runMinutes / 2;

/** A mark's timer fires a moment late: a mark within this of the warm-up's end is counted. */
const MARK_SLACK_MIN = 1 / 60;

/** The media workers' heaps at a mark, summed (MB; NaN when the run had none). */
const workersMb = (m: MinuteSample) =>
  m.workerHeapsMb?.length ? m.workerHeapsMb.reduce((a, b) => a + b, 0) : Number.NaN;

/** The V8 heaps' room no object uses after the full GC (NaN: not measured). */
const freeRoomMb = (m: MinuteSample) =>
  (m.heapsCommittedMb ?? Number.NaN) - m.heapMb - (m.workerHeapsMb?.length ? workersMb(m) : 0);

/**
 * The memory trend: the slope of RSS and heap in MB a minute over the samples
 * taken while calls arrived after the warm-up (`warmUpMinutes`): not the start
 * (no call yet) nor the end (calls drained).
 *
 * The journal grows until it reaches its caps (entries, bytes, the SIP
 * arena): a rise that is the journal filling is no leak. So beside the RSS
 * slope come the journal's own slope and that of RSS less the journal, which
 * judges "flat"; and, once the journal was full at two samples or more, the
 * RSS slope over those alone. The media workers' heaps (their isolates are in
 * RSS, not in `heapMb`) get a slope of their own.
 */
export function memoryTrend(
  minutes: readonly MinuteSample[],
  runMinutes: number,
): {
  rssSlope: number;
  heapSlope: number;
  /** The media workers' heaps together (NaN: media on the main loop). */
  workersSlope: number;
  /** Where the RSS slope is: the V8 heaps committed, external memory, and the rest (NaN: not measured). */
  committedSlope: number;
  /**
   * Of the heaps committed, the room in them no object uses after the full
   * GC: pages V8 keeps for what it will allocate (a page with one live object
   * stays; under load it compacts only pages it finds nearly empty).
   */
  freeRoomSlope: number;
  externalSlope: number;
  nativeSlope: number;
  journalSlope: number;
  /** RSS less what the journal holds: the simulator's own. */
  ownSlope: number;
  /** The standard error of `ownSlope` (NaN: fewer than three samples). */
  ownSlopeError: number;
  /** The simulator's own less the V8 heaps' free room: the memory it uses (NaN: not measured). */
  inUseSlope: number;
  /** The RSS slope over the samples taken with the journal at its capacity (NaN: fewer than two). */
  fullSlope: number;
  /** The warm-up left out, minutes. */
  from: number;
  flat: boolean;
} {
  const from = warmUpMinutes(runMinutes);
  const used = minutes.filter((m) => m.phase === 'calls' && m.minute >= from - MARK_SLACK_MIN);
  const over = (y: (m: MinuteSample) => number, of = used) =>
    slope(of.map((m) => ({ x: m.minute, y: y(m) })));
  const own = fitLine(used.map((m) => ({ x: m.minute, y: m.rssMb - m.journalMb })));
  const ownSlope = own.slope;
  const inUseSlope = over((m) => m.rssMb - m.journalMb - freeRoomMb(m));
  return {
    rssSlope: over((m) => m.rssMb),
    heapSlope: over((m) => m.heapMb),
    workersSlope: over(workersMb),
    committedSlope: over((m) => m.heapsCommittedMb ?? Number.NaN),
    freeRoomSlope: over(freeRoomMb),
    externalSlope: over((m) => m.externalMb ?? Number.NaN),
    nativeSlope: over((m) => m.rssMb - (m.heapsCommittedMb ?? Number.NaN) - (m.externalMb ?? Number.NaN)),
    journalSlope: over((m) => m.journalMb),
    ownSlope,
    ownSlopeError: own.error,
    inUseSlope,
    fullSlope: over(
      (m) => m.rssMb,
      used.filter((m) => m.journalFull),
    ),
    from,
    // NaN (too few samples) is not flat: nothing was shown.
    flat: ownSlope <= FLAT_MB_PER_MIN,
  };
}

/** Lost: placed and never answered (refused, failed to place, ended unanswered, or still waiting). */
export const lostCalls = (c: CallCounts) => c.placed - c.answered;

const signed = (n: number, digits = 1) =>
  Number.isFinite(n) ? `${n >= 0 ? '+' : '−'}${fmt(Math.abs(n), digits)}` : '–';
const check = (ok: boolean) => (ok ? '✓' : '✗');

/** The largest value (a loop: a spread of 100,000 delays would overflow the stack). */
function maxOf(values: readonly number[]): number {
  let max = Number.NaN;
  for (const v of values) if (!(v <= max)) max = v;
  return max;
}

/** "3× reason a; 1× reason b": the distinct texts, most frequent first. */
export function tally(texts: readonly string[], max = 4): string {
  const counts = new Map<string, number>();
  for (const t of texts) counts.set(t, (counts.get(t) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1]);
  const shown = sorted.slice(0, max).map(([t, n]) => `${n}× ${t}`);
  if (sorted.length > max) shown.push(`and ${sorted.length - max} others`);
  return shown.join('; ');
}

/** One progress line at a minute mark. */
export function progressLine(m: MinuteSample): string {
  const mm = `${Math.floor(m.minute)}:${String(Math.round((m.minute % 1) * 60)).padStart(2, '0')}`;
  return (
    `  [${mm}] calls placed ${fmt(m.calls.placed)}, answered ${fmt(m.calls.answered)}, up ${fmt(m.calls.up)}, ` +
    `lost ${fmt(m.calls.lost)}, audio proven ${fmt(m.calls.proven)} | events ${fmt(m.events)}, delay p50 ` +
    `${fmt(m.delayP50)} ms p99 ${fmt(m.delayP99)} ms | rss ${fmt(m.rssMb)} MB, heap ${fmt(m.heapMb)} MB` +
    (m.workerHeapsMb?.length ? `, media workers' heap ${workerHeaps(m)} MB` : '') +
    ' | ' +
    `journal ${fmt(m.journalKept)} (${fmt(m.journalMb, 1)} MB)`
  );
}

/** Each media worker's heap, MB: "41" or "41 + 38". */
const workerHeaps = (m: MinuteSample) => (m.workerHeapsMb ?? []).map((mb) => fmt(mb)).join(' + ') || '–';

/** The report printed at the end. */
export function soakReport(f: SoakFigures): string[] {
  const o = f.options;
  const c = f.calls;
  const lost = lostCalls(c);
  const trend = memoryTrend(f.minutes, o.minutes);
  const first = f.minutes[0];
  const last = f.minutes.at(-1);
  const withWorkers = f.minutes.some((m) => m.workerHeapsMb?.length);
  const lines = [
    `soak: ${fmt(o.minutes, 1)} min of calls; ${fmt(o.agents)} agents registered over WSS (${fmt(o.signedIn)} SIP.js ` +
      `phones in Chromium, ${fmt(o.agents - o.signedIn)} raw ws clients), ${fmt(o.signedIn)} signed in through the ` +
      `gateway and long-polling; ${fmt(o.calls)} simultaneous calls: ${fmt(arrivalRate(o), 2)} a second, each held ${fmt(o.holdSec)} s`,
    '',
    `  registered          ${fmt(f.registered.ws + f.registered.browser)} of ${fmt(o.agents)} ` +
      `(${fmt(f.registered.ws)} ws, ${fmt(f.registered.browser)} browser); the registrar listed ` +
      `${fmt(f.registered.listedAtStart)} at the start, ${fmt(f.registered.listedAtEnd)} at the end ` +
      check(f.registered.listedAtEnd === o.agents),
    `  signed in           ${fmt(f.signedIn)} of ${fmt(o.signedIn)} ${check(f.signedIn === o.signedIn)}`,
    `  calls               placed ${fmt(c.placed)}, answered ${fmt(c.answered)}, lost ${fmt(lost)} ${check(lost === 0)}` +
      (lost > 0
        ? ` (queue full ${fmt(c.refused)}, not placed ${fmt(c.failedToPlace)}, ended unanswered ${fmt(c.endedUnanswered)}` +
          `${c.unansweredReasons.length ? `: ${tally(c.unansweredReasons)}` : ''}, never ended ${fmt(c.up)})`
        : ''),
    `  audio both ways     proven on ${fmt(c.proven)} of ${fmt(c.answered)} answered calls ${check(c.unproven === 0 && c.proven === c.answered)}` +
      (c.unproven > 0 ? ` (not proven: ${tally(c.unprovenReasons, 3)})` : ''),
    `  events              ${fmt(f.delays.length)} received; delay from the simulator to the poller p50 ` +
      `${fmt(median(f.delays))} ms, p99 ${fmt(percentile(f.delays, 99))} ms, max ${fmt(maxOf(f.delays))} ms; ` +
      `ring timeouts (AgentEvent_No_Answer) ${fmt(f.eventTypes.AgentEvent_No_Answer ?? 0)}`,
    `  memory (simulator)  rss ${fmt(first?.rssMb ?? Number.NaN)} → ${fmt(last?.rssMb ?? Number.NaN)} MB, ` +
      `slope ${signed(trend.rssSlope)} MB/min from minute ${fmt(trend.from, 1)} (the second half of the calls: ` +
      `the first is warm-up), of which the journal ` +
      `${signed(trend.journalSlope)} MB/min (${fmt(first?.journalMb ?? Number.NaN, 1)} → ${fmt(last?.journalMb ?? Number.NaN, 1)} MB, estimated); ` +
      `rss less the journal ${signed(trend.ownSlope)}` +
      (Number.isNaN(trend.ownSlopeError) ? '' : ` ± ${fmt(trend.ownSlopeError, 1)}`) +
      ' MB/min ' +
      `${trend.flat ? '✓ flat' : Number.isNaN(trend.ownSlope) ? '(too short to tell)' : '✗ rising'}` +
      (Number.isNaN(trend.inUseSlope)
        ? ''
        : ` (V8's free room ${signed(trend.freeRoomSlope)}, in use ${signed(trend.inUseSlope)}: objects, Buffers, native)`) +
      (Number.isNaN(trend.fullSlope)
        ? ''
        : `; rss once the journal was full ${signed(trend.fullSlope)} MB/min`) +
      `; heap ${fmt(first?.heapMb ?? Number.NaN)} → ${fmt(last?.heapMb ?? Number.NaN)} MB (${signed(trend.heapSlope)} MB/min)` +
      (withWorkers && first && last
        ? `, media workers' heaps ${workerHeaps(first)} → ${workerHeaps(last)} MB (${signed(trend.workersSlope)} MB/min)`
        : '') +
      '; after a full GC, compacted and swept in place (in each media worker too)',
    ...(Number.isNaN(trend.committedSlope)
      ? []
      : [
          `  where the rss goes  V8 heaps committed ${signed(trend.committedSlope)} MB/min (of which room no object uses ` +
            `${signed(trend.freeRoomSlope)}), external (Buffers, typed arrays, ` +
            `the journal's columns) ${signed(trend.externalSlope)} MB/min, the rest (malloc, code) ${signed(trend.nativeSlope)} MB/min, ` +
            `from minute ${fmt(trend.from, 1)}`,
        ]),
    `  journal             ${fmt(f.journal.written)} entries written, ${fmt(Math.min(f.journal.written, f.journal.capacity))} kept ` +
      (f.journal.written >= f.journal.capacity
        ? '(its cap: older ones dropped)'
        : `(of ${fmt(f.journal.capacity)} at most: still filling, so part of the memory's rise is the journal)`) +
      `, holding ${fmt(f.journal.bytes / 2 ** 20, 1)} MB (estimated)`,
    `  customer legs       ${fmt(last?.legsKept ?? Number.NaN)} held by the simulated customer after the calls ended ` +
      check((last?.legsKept ?? 0) <= LEG_HISTORY) +
      ((last?.legsKept ?? 0) > LEG_HISTORY ? ' (ended legs are not let go)' : ''),
  ];
  const problems = Object.entries(f.problems).sort((a, b) => b[1] - a[1]);
  if (problems.length > 0)
    lines.push(
      `  problems            ${problems
        .slice(0, 5)
        .map(([p, n]) => `${n}× ${p}`)
        .join('; ')}`,
    );
  lines.push('', minutesTable(f.minutes, withWorkers));
  return lines;
}

export function minutesTable(minutes: readonly MinuteSample[], withWorkers = false): string {
  const withWhere = minutes.some((m) => m.heapsCommittedMb !== undefined);
  return table(
    [
      'minute',
      'phase',
      'rss MB',
      'heap MB',
      ...(withWorkers ? ["workers' heap MB"] : []),
      ...(withWhere ? ['heaps committed MB', 'free room MB', 'external MB'] : []),
      'journal',
      'journal MB',
      'customer legs',
      'placed',
      'answered',
      'lost',
      'proven',
      'events',
      'delay p50 ms',
      'p99 ms',
    ],
    minutes.map((m) => [
      fmt(m.minute, 1),
      m.phase,
      fmt(m.rssMb),
      fmt(m.heapMb),
      ...(withWorkers ? [workerHeaps(m)] : []),
      ...(withWhere
        ? [fmt(m.heapsCommittedMb ?? Number.NaN), fmt(freeRoomMb(m)), fmt(m.externalMb ?? Number.NaN)]
        : []),
      fmt(m.journalKept),
      fmt(m.journalMb, 1),
      fmt(m.legsKept),
      fmt(m.calls.placed),
      fmt(m.calls.answered),
      fmt(m.calls.lost),
      fmt(m.calls.proven),
      fmt(m.events),
      fmt(m.delayP50),
      fmt(m.delayP99),
    ]),
  );
}

/** RSS and heap over time above event delay over time, one picture. */
export function soakChart(f: SoakFigures): string {
  const at = (y: (m: MinuteSample) => number) => f.minutes.map((m) => ({ x: m.minute, y: y(m) }));
  const during = (y: (m: MinuteSample) => number) =>
    f.minutes.filter((m) => m.phase !== 'start').map((m) => ({ x: m.minute, y: y(m) }));
  const trend = memoryTrend(f.minutes, f.options.minutes);
  const withWorkers = f.minutes.some((m) => m.workerHeapsMb?.length);
  return stackCharts(
    [
      lineChart({
        title: `Soak: the simulator's memory after a full GC (RSS slope ${signed(trend.rssSlope)} MB/min, less the journal ${signed(trend.ownSlope)}${Number.isNaN(trend.inUseSlope) ? '' : `, in use ${signed(trend.inUseSlope)}`})`,
        xLabel: 'minutes',
        yLabel: 'MB',
        series: [
          { name: 'RSS', points: at((m) => m.rssMb) },
          { name: 'JS heap used', points: at((m) => m.heapMb) },
          ...(withWorkers ? [{ name: "media workers' heap", points: at(workersMb) }] : []),
          { name: 'journal (estimated)', points: at((m) => m.journalMb) },
        ],
        markers: [
          { x: trend.from, label: 'warm-up ends' },
          { x: f.options.minutes, label: 'last call placed' },
        ],
        xFromZero: true,
        height: 300,
      }),
      lineChart({
        title: `Soak: event delay, simulator → long poll (${fmt(f.options.signedIn)} agents, ${fmt(f.options.calls)} calls up)`,
        xLabel: 'minutes',
        yLabel: 'ms',
        // Not the start mark: its events are the sign-ins', before any call.
        series: [
          { name: 'p50', points: during((m) => m.delayP50) },
          { name: 'p99', points: during((m) => m.delayP99) },
        ],
        markers: [{ x: f.options.minutes, label: 'last call placed' }],
        xFromZero: true,
        height: 300,
      }),
    ],
    'Soak: memory and event delay over time',
  );
}
