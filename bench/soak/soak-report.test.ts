import { describe, expect, it } from 'vitest';
import { parseSoakOptions, type SoakOptions } from './soak-options.ts';
import {
  type CallCounts,
  lostCalls,
  type MinuteSample,
  memoryTrend,
  progressLine,
  type SoakFigures,
  slope,
  slopeError,
  soakChart,
  soakReport,
  tally,
} from './soak-report.ts';

const options = (parseSoakOptions(['--minutes=4']) as { options: SoakOptions }).options;

const sample = (minute: number, rssMb: number, phase: MinuteSample['phase'] = 'calls'): MinuteSample => ({
  minute,
  phase,
  rssMb,
  heapMb: rssMb / 2,
  journalKept: minute * 1000,
  journalMb: 10 + minute,
  journalFull: false,
  legsKept: phase === 'drained' ? 0 : 50,
  calls: { placed: minute * 150, answered: minute * 150, up: 50, proven: minute * 140, lost: 0 },
  events: 6_000,
  delayP50: 3,
  delayP99: 40,
});

const counts = (over: Partial<CallCounts> = {}): CallCounts => ({
  placed: 600,
  refused: 0,
  failedToPlace: 0,
  answered: 600,
  endedUnanswered: 0,
  up: 0,
  proven: 600,
  unproven: 0,
  unprovenReasons: [],
  unansweredReasons: [],
  ...over,
});

const figures = (over: Partial<SoakFigures> = {}): SoakFigures => ({
  options,
  registered: { ws: 300, browser: 200, listedAtStart: 500, listedAtEnd: 500 },
  signedIn: 200,
  calls: counts(),
  delays: [1, 2, 3, 4, 100],
  eventTypes: { AgentEvent_Talking: 600 },
  problems: {},
  minutes: [
    sample(0, 150, 'start'),
    sample(1, 200),
    sample(2, 201),
    sample(3, 199),
    sample(4, 202),
    sample(4.5, 180, 'drained'),
  ],
  journal: { written: 150_000, capacity: 100_000, bytes: 15 * 2 ** 20 },
  ...over,
});

describe('slope', () => {
  it('is the least-squares slope, NaN without two distinct x', () => {
    expect(
      slope([
        { x: 0, y: 1 },
        { x: 1, y: 3 },
        { x: 2, y: 5 },
      ]),
    ).toBe(2);
    expect(
      slope([
        { x: 0, y: 10 },
        { x: 1, y: 12 },
        { x: 2, y: 10 },
        { x: 3, y: 12 },
      ]),
    ).toBeCloseTo(0.4);
    expect(slope([{ x: 1, y: 1 }])).toBeNaN();
    expect(
      slope([
        { x: 1, y: 1 },
        { x: 1, y: 2 },
      ]),
    ).toBeNaN();
  });
});

describe('slopeError', () => {
  it("is the slope's standard error: 0 on a line, the scatter's otherwise, NaN under three points", () => {
    const line = [0, 1, 2, 3].map((x) => ({ x, y: 5 + 2 * x }));
    expect(slopeError(line)).toBeCloseTo(0, 12);
    // About a slope of 0.4 over x = 0..3, residuals −0.4, 1.2, −1.2, 0.4: sqrt(3.2 / 2 / 5) = 0.566.
    const zigzag = [10, 12, 10, 12].map((y, x) => ({ x, y }));
    expect(slopeError(zigzag)).toBeCloseTo(0.566, 3);
    expect(slopeError(line.slice(0, 2))).toBeNaN();
  });
});

describe('memoryTrend', () => {
  it('judges the second half of the calls: not the warm-up, the start or the drained end', () => {
    const t = memoryTrend(figures().minutes, 4);
    expect(t.from).toBe(2);
    // 201, 199, 202 over minutes 2–4: 0.5 MB/min; the start's 150 and the end's 180 would swamp it.
    expect(t.rssSlope).toBeCloseTo(0.5);
    expect(t.heapSlope).toBeCloseTo(0.25);
    expect(t.flat).toBe(true);
  });

  it('calls a plateau after a three-minute climb flat (the full soak of 2026-12-05), a steady leak rising', () => {
    // RSS less the journal: 309 → 450 MB by minute 3, then about level to minute 10.
    const rss = [309, 380, 430, 450, 440, 448, 452, 446, 451, 447, 450];
    const run = rss.map((mb, m) => sample(m, mb + 10 + m, m === 0 ? 'start' : 'calls'));
    const t = memoryTrend(run, 10);
    expect(t.from).toBe(5);
    expect(Math.abs(t.ownSlope)).toBeLessThan(0.5);
    expect(t.flat).toBe(true);
    // The same climb that goes on (2 MB a minute) is a leak.
    const leak = run.map((m) => ({ ...m, rssMb: m.rssMb + 2 * m.minute }));
    expect(memoryTrend(leak, 10).flat).toBe(false);
    expect(memoryTrend(leak, 10).ownSlope).toBeCloseTo(2 + t.ownSlope);
  });

  it('counts a mark whose timer fired a moment before the warm-up ended', () => {
    const t = memoryTrend(
      [4, 4.995, 6, 7, 8, 9, 10].map((m) => sample(m, 100)),
      10,
    );
    expect(t.from).toBe(5);
    expect(t.rssSlope).toBe(0);
    expect(t.flat).toBe(true);
  });

  it('calls a run too short for a slope not flat', () => {
    const short = memoryTrend([sample(0, 100, 'start'), sample(0.5, 120), sample(1, 100, 'drained')], 1);
    expect(short.rssSlope).toBeNaN();
    expect(short.flat).toBe(false);
  });

  it('judges flat on RSS less the journal while the journal fills, and gives the RSS slope once it is full', () => {
    // The short soak's case: RSS +9 MB/min, all of it the journal filling.
    const filling = [1, 2, 3, 4].map((m) => ({ ...sample(m, 100 + 9 * m), journalMb: 9 * m }));
    const t = memoryTrend(filling, 4);
    expect(t.rssSlope).toBeCloseTo(9);
    expect(t.journalSlope).toBeCloseTo(9);
    expect(t.ownSlope).toBeCloseTo(0);
    expect(t.flat).toBe(true);
    expect(t.fullSlope).toBeNaN();
    // A leak beside the journal is still one.
    expect(
      memoryTrend(
        filling.map((m) => ({ ...m, rssMb: m.rssMb + 5 * m.minute })),
        4,
      ).flat,
    ).toBe(false);
    // Once the journal is full, the RSS slope over those samples alone.
    const full = [1, 2, 3, 4].map((m) => ({ ...sample(m, m < 3 ? 100 + 9 * m : 118), journalFull: m >= 3 }));
    expect(memoryTrend(full, 4).fullSlope).toBe(0);
  });

  it("splits RSS less the journal into V8's free room and memory in use (objects, Buffers, native)", () => {
    // Minutes 5–10 of a 10-minute run; the heaps used stay 60 (main) + 40 (a worker) MB.
    const base = [5, 6, 7, 8, 9, 10].map((m) => ({
      ...sample(m, 300),
      heapMb: 60,
      workerHeapsMb: [40],
      heapsCommittedMb: 150,
      externalMb: 30,
      journalMb: 17,
      journalFull: true,
    }));
    const grow = (by: (m: MinuteSample) => Partial<MinuteSample>) => base.map((m) => ({ ...m, ...by(m) }));
    // V8 keeps 2 MB/min more free room: RSS rises, nothing in use does.
    const reserveRun = grow((m) => ({ rssMb: 300 + 2 * m.minute, heapsCommittedMb: 150 + 2 * m.minute }));
    const reserve = memoryTrend(reserveRun, 10);
    expect(
      [reserve.ownSlope, reserve.freeRoomSlope, reserve.inUseSlope].map((x) => Math.round(x * 10) / 10),
    ).toEqual([2, 2, 0]);
    // The verdict is on RSS less the journal, what a user pays for, free room and all.
    expect(reserve.flat).toBe(false);
    // Objects that live on: the heap used rises with what it commits.
    const objects = grow((m) => ({
      rssMb: 300 + 2 * m.minute,
      heapMb: 60 + 2 * m.minute,
      heapsCommittedMb: 150 + 2 * m.minute,
    }));
    expect(memoryTrend(objects, 10).inUseSlope).toBeCloseTo(2);
    expect(memoryTrend(objects, 10).flat).toBe(false);
    // Buffers, or native memory: the heaps as they were.
    expect(
      memoryTrend(
        grow((m) => ({ rssMb: 300 + 2 * m.minute, externalMb: 30 + 2 * m.minute })),
        10,
      ).flat,
    ).toBe(false);
    expect(
      memoryTrend(
        grow((m) => ({ rssMb: 300 + 2 * m.minute })),
        10,
      ).flat,
    ).toBe(false);
    const text = soakReport(figures({ options: { ...options, minutes: 10 }, minutes: reserveRun })).join(
      '\n',
    );
    expect(text).toContain(
      "rss less the journal +2.0 ± 0.0 MB/min ✗ rising (V8's free room +2.0, in use +0.0: objects, Buffers, native);",
    );
  });

  it("gives the media workers' heaps a slope of their own, NaN without workers", () => {
    const run = [2, 3, 4].map((m) => ({ ...sample(m, 200), workerHeapsMb: [30 + m, 20 + 2 * m] }));
    expect(memoryTrend(run, 4).workersSlope).toBeCloseTo(3);
    expect(memoryTrend(figures().minutes, 4).workersSlope).toBeNaN();
  });

  it('the short soak: its second half, from 0:30', () => {
    const t = memoryTrend([sample(0.25, 100), sample(0.5, 116), sample(0.75, 117), sample(1, 118)], 1);
    expect(t.from).toBe(0.5);
    expect(t.rssSlope).toBeCloseTo(4);
  });
});

describe('soakReport', () => {
  it('says placed, answered and lost, audio, event delay, memory slope and journal, each with its verdict', () => {
    const text = soakReport(figures()).join('\n');
    expect(text).toContain('placed 600, answered 600, lost 0 ✓');
    expect(text).toContain('proven on 600 of 600 answered calls ✓');
    expect(text).toContain(
      '5 received; delay from the simulator to the poller p50 3 ms, p99 100 ms, max 100 ms; ring timeouts (AgentEvent_No_Answer) 0',
    );
    expect(text).toContain(
      'rss 150 → 180 MB, slope +0.5 MB/min from minute 2.0 (the second half of the calls: the first is warm-up), of which the journal +1.0 MB/min (10.0 → 14.5 MB, estimated); rss less the journal −0.5 ± 1.4 MB/min ✓ flat; heap',
    );
    expect(text).toContain(
      '150,000 entries written, 100,000 kept (its cap: older ones dropped), holding 15.0 MB (estimated)',
    );
    expect(text).toContain('the registrar listed 500 at the start, 500 at the end ✓');
    expect(text).toContain('customer legs       0 held by the simulated customer after the calls ended ✓');
    // One table row per sample.
    expect(text.match(/^\d+\.\d +(start|calls|drained) /gm)).toHaveLength(6);
    expect(text).toMatch(/^minute +phase +rss MB +heap MB +journal /m);
  });

  it("prints each media worker's heap at every mark, and their slope", () => {
    const minutes = figures().minutes.map((m) => ({ ...m, workerHeapsMb: [40 + m.minute, 30] }));
    const text = soakReport(figures({ minutes })).join('\n');
    expect(text).toContain(
      ", media workers' heaps 40 + 30 → 45 + 30 MB (+1.0 MB/min); after a full GC, compacted and swept in place (in each media worker too)",
    );
    expect(text).toMatch(/^minute +phase +rss MB +heap MB +workers' heap MB +journal /m);
    expect(text).toMatch(/^3\.0 +calls +199 +100 +43 \+ 30 +3,000 /m);
    expect(progressLine(minutes[2]!)).toContain(
      "| rss 201 MB, heap 101 MB, media workers' heap 42 + 30 MB |",
    );
  });

  it('splits the RSS slope into the V8 heaps committed, external memory and the rest', () => {
    // Minutes 2–4: heaps +2 MB/min, external +1, RSS 201 → 210 (so the rest +1.5).
    const minutes = figures().minutes.map((m) => ({
      ...m,
      rssMb: m.phase === 'calls' && m.minute >= 2 ? 195 + 4.5 * m.minute : m.rssMb,
      heapsCommittedMb: 100 + 2 * m.minute,
      externalMb: 20 + m.minute,
    }));
    const t = memoryTrend(minutes, 4);
    // The heap used stays about 100 MB (+0.25 MB/min): the room no object uses in them +1.75.
    expect(
      [t.committedSlope, t.freeRoomSlope, t.externalSlope, t.nativeSlope].map(
        (x) => Math.round(x * 100) / 100,
      ),
    ).toEqual([2, 1.75, 1, 1.5]);
    const text = soakReport(figures({ minutes })).join('\n');
    expect(text).toContain(
      "where the rss goes  V8 heaps committed +2.0 MB/min (of which room no object uses +1.8), external (Buffers, typed arrays, the journal's columns) +1.0 MB/min, the rest (malloc, code) +1.5 MB/min, from minute 2.0",
    );
    expect(text).toMatch(
      /^minute +phase +rss MB +heap MB +heaps committed MB +free room MB +external MB +journal /m,
    );
    // Minute 3: 106 MB committed, the heap 199 / 2 used: 7 MB of room.
    expect(text).toMatch(/^3\.0 +calls +209 +100 +106 +7 +23 +3,000 /m);
    // Figures saved before these were measured: no such line.
    expect(soakReport(figures()).join('\n')).not.toContain('where the rss goes');
  });

  it('says why calls were lost and audio not proven', () => {
    const lost = counts({
      placed: 610,
      refused: 4,
      answered: 604,
      endedUnanswered: 2,
      proven: 603,
      unproven: 1,
      unprovenReasons: ['phone DTLS failed'],
      unansweredReasons: ['abandoned', 'abandoned'],
    });
    expect(lostCalls(lost)).toBe(6);
    const text = soakReport(figures({ calls: lost, problems: { 'poll: N retcode N-N': 3 } })).join('\n');
    expect(text).toContain(
      'lost 6 ✗ (queue full 4, not placed 0, ended unanswered 2: 2× abandoned, never ended 0)',
    );
    expect(text).toContain('proven on 603 of 604 answered calls ✗ (not proven: 1× phone DTLS failed)');
    expect(text).toContain('problems            3× poll: N retcode N-N');
  });

  it('says when the simulated customer keeps ended legs', () => {
    const minutes = figures().minutes.map((m) => ({ ...m, legsKept: 600 }));
    expect(soakReport(figures({ minutes })).join('\n')).toContain(
      '600 held by the simulated customer after the calls ended ✗ (ended legs are not let go)',
    );
  });

  it('says when the journal is still filling', () => {
    const text = soakReport(
      figures({ journal: { written: 40_000, capacity: 100_000, bytes: 2 ** 20 } }),
    ).join('\n');
    expect(text).toContain('40,000 entries written, 40,000 kept (of 100,000 at most: still filling');
  });
});

it('progressLine prints the time as minutes:seconds with the running figures', () => {
  expect(progressLine(sample(2.5, 201))).toBe(
    '  [2:30] calls placed 375, answered 375, up 50, lost 0, audio proven 350 | events 6,000, delay p50 3 ms p99 40 ms | rss 201 MB, heap 101 MB | journal 2,500 (12.5 MB)',
  );
});

it('tally groups equal texts, most frequent first', () => {
  expect(tally(['a', 'b', 'a', 'c', 'a', 'b'], 2)).toBe('3× a; 2× b; and 1 others');
});

it('soakChart draws memory over time above event delay over time', () => {
  const svg = soakChart(figures());
  expect(svg.match(/<svg /g)).toHaveLength(3);
  const series = [...svg.matchAll(/<g class="series" data-name="([^"]*)"><path d="([^"]*)"/g)];
  expect(series.map((s) => s[1])).toEqual(['RSS', 'JS heap used', 'journal (estimated)', 'p50', 'p99']);
  // Memory at every sample; delays at every one but the start (its events are the sign-ins').
  expect(series[0]![2]!.match(/[ML]/g)).toHaveLength(6);
  expect(series[2]![2]!.match(/[ML]/g)).toHaveLength(6);
  expect(series[3]![2]!.match(/[ML]/g)).toHaveLength(5);
  expect(svg).toContain('RSS slope +0.5 MB/min, less the journal −0.5');
  // The warm-up's end and the last call on the memory chart, the last call on the delays'.
  expect(svg.match(/class="marker"/g)).toHaveLength(3);
  const withWorkers = soakChart(
    figures({ minutes: figures().minutes.map((m) => ({ ...m, workerHeapsMb: [40] })) }),
  );
  expect(withWorkers).toContain('data-name="media workers&apos; heap"');
});
