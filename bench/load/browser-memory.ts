/** What the browser's processes hold, and what they grew by while the phones registered (from /proc, see phone-pages.ts). */
import { sumOver } from '../lib/proc-stats.ts';

/** One browser process's memory, bytes. */
export interface ProcessMemory {
  renderer: boolean;
  /** Private_Dirty: what this process alone wrote (its heaps). */
  private: number;
  rss: number;
  /** Proportional set size: adds up to the browser's total over its processes. */
  pss: number;
}

export interface BrowserMemory {
  processes: Map<number, ProcessMemory>;
  /** JS heap used in the pages after a collection. */
  jsHeap: number;
}

/** What the browser grew by between two snapshots, bytes. */
export interface BrowserGrowth {
  rendererPrivate: number;
  rendererRss: number;
  /** Private memory of every browser process (renderers, network service, browser, GPU). */
  allPrivate: number;
  jsHeap: number;
}

/**
 * Growth over the processes alive at both snapshots: Chromium starts and drops
 * spare renderers as it likes, and counting one that came or went would swamp
 * a hundred phones' worth. PSS is no good for a difference either: it moves in
 * every process whenever one of them touches a shared page.
 */
export function browserGrowth(before: BrowserMemory, after: BrowserMemory): BrowserGrowth {
  const growth: BrowserGrowth = { rendererPrivate: 0, rendererRss: 0, allPrivate: 0, jsHeap: 0 };
  for (const [pid, a] of after.processes) {
    const b = before.processes.get(pid);
    if (!b || !Number.isFinite(a.private + b.private + a.rss + b.rss)) continue;
    growth.allPrivate += a.private - b.private;
    if (a.renderer) {
      growth.rendererPrivate += a.private - b.private;
      growth.rendererRss += a.rss - b.rss;
    }
  }
  growth.jsHeap = after.jsHeap - before.jsHeap;
  return growth;
}

export const totalPss = (m: BrowserMemory) =>
  sumOver([...m.processes.keys()], (p) => m.processes.get(p)!.pss);
