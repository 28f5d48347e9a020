import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The simulator's time is the tenant's clock: what waits in the domain waits
 * on the tenant's timers (core/timers.ts), so the clock API moves it. A
 * wall-clock timer is allowed only in these edge modules, where real time is
 * the point; any other `setTimeout(`, `setInterval(` or `setImmediate(` in the
 * simulator's code fails this test.
 */
const WALL_CLOCK_ALLOWED: Record<string, string> = {
  'infrastructure/primitives/timers.ts':
    'ClockTimers arms one real timer for its earliest entry: the bridge from the clocks to the event loop',
  'telephony/media/pacer.ts': 'RTP frames leave at the real 20 ms pace a real phone expects',
  'telephony/media/worker/media-worker.ts':
    "a media worker pushes its figures to the main thread every 100 ms of real time, as the pacer's frames run",
  'telephony/media/worker/worker-media-engine.ts':
    'a media worker gets a bounded real time to close its sockets before it is terminated',
  'telephony/media/chromium-phone.ts': "polls a real Chromium's peer connection, inside the browser page",
  'telephony/sip/customer/customer-ua.ts':
    'drain(): a stopping process waits a bounded real time for real phones to answer their BYEs',
  'telephony/sip/transports/tcp-transport.ts': "a real connection's deadline for its first complete message",
  'telephony/sip/transports/udp-transport.ts':
    "probes the event loop's queue wait: the overload gauge measures real time",
  'edges/control/journal-stream.ts':
    "the live stream's heartbeat to a real HTTP client, and its batched writes",
  'edges/cli/stop-on-signal.ts': "the process's exit grace after a signal",
};

/** Not the simulator's code: the console's browser page, tests and their helpers. */
const skipped = (path: string) =>
  path.startsWith('edges/console/web/') ||
  path.includes('/testing/') ||
  path.startsWith('testing/') ||
  /\.(test|spec|fixture)\.ts$/.test(path);

const root = import.meta.dirname;
const WALL_CLOCK = /\b(setTimeout|setInterval|setImmediate)\s*\(|node:timers/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(path);
    return e.name.endsWith('.ts') ? [relative(root, path)] : [];
  });
}

/** The code without its comments (a comment may name setTimeout to say why it is not used). */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

describe('no wall-clock timer in the simulator’s domain', () => {
  const files = sources(root).filter((p) => !skipped(p));
  const using = files.filter((p) => WALL_CLOCK.test(code(readFileSync(join(root, p), 'utf8'))));

  it('finds wall-clock timers only in the edge modules allowed, each for its reason', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(using.filter((p) => !(p in WALL_CLOCK_ALLOWED))).toEqual([]);
  });

  it('keeps no stale entry: every module allowed still uses one', () => {
    expect(Object.keys(WALL_CLOCK_ALLOWED).filter((p) => !using.includes(p))).toEqual([]);
  });
});
