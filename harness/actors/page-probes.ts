import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from '@playwright/test';
import { packageUrl } from '../../mock-cec/edges/http/package-url.ts';
import { type AudioFigures, NO_AUDIO, pickAudioStats, summariseAudio } from '../softphone/audio-figures.ts';

/**
 * What the harness watches inside an integration's page, installed before
 * the page's own scripts run (so it works for any integration, not only the
 * reference one):
 * - every message the page's global `callback` receives (docs/vendor/ccbarclient.md:
 *   the bar hands its events to `callback(message)`), recorded as the page got it;
 * - the SIP WebSockets the page opens, so a test can drop them as a network would;
 * - the RTCPeerConnections it creates, for audio figures from getStats.
 */
export interface BarMessage {
  eventType: string;
  workNo?: string | number;
  content?: unknown;
}

/** What page-probes.browser.js keeps in the page. */
interface Probes {
  events: BarMessage[];
  sockets: WebSocket[];
  peers: RTCPeerConnection[];
}

declare global {
  interface Window {
    __harness?: Probes;
  }
}

const PROBES = fileURLToPath(packageUrl(import.meta.url, 'harness/actors/page-probes.browser.js'));

export async function addProbes(context: BrowserContext): Promise<void> {
  await context.addInitScript({ path: PROBES });
}

/** The events the page's callback has received, from index `from` on. */
export function barMessages(page: Page, from = 0): Promise<BarMessage[]> {
  // While the page navigates there is no document to ask: none received yet.
  return page.evaluate((from) => window.__harness?.events.slice(from) ?? [], from).catch(() => []);
}

/** Close the page's open SIP WebSockets (subprotocol `sip`, RFC 7118) as a failing network would; how many. */
export function dropSipSockets(page: Page): Promise<number> {
  return page.evaluate(() => {
    let closed = 0;
    for (const ws of window.__harness?.sockets ?? []) {
      if (ws.protocol === 'sip' && ws.readyState === WebSocket.OPEN) {
        ws.close(3000, 'dropped by the test');
        closed++;
      }
    }
    return closed;
  });
}

/** Audio figures of the page's newest live peer connection (its call), or none. */
export async function pageAudio(page: Page): Promise<AudioFigures> {
  const stats = await page.evaluate(async () => {
    const live = (window.__harness?.peers ?? []).filter((pc) => pc.connectionState !== 'closed').at(-1);
    if (!live) return undefined;
    const out: Record<string, unknown>[] = [];
    for (const r of (await live.getStats()).values()) out.push({ ...r });
    return out;
  });
  return stats ? summariseAudio(pickAudioStats(stats)) : NO_AUDIO;
}
