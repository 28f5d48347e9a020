/**
 * Many softphones in one page, driven in batches (in the browser). Loaded as a
 * classic script next to the softphone bundle by phone-fleet.ts; it uses the
 * page's `window.BrowserSoftphone`, so sip.js is loaded once per page.
 *
 * How fast phones register is set by the WebSocket handshakes. RFC 6455
 * §4.1: "There MUST be no more than one connection in a CONNECTING state"
 * to one host and port; Chromium holds to that per browser context, so a
 * page's phones connect one after another (~20 ms each on an idle machine)
 * and a few registrations in flight (4–8) only overlap the digest exchange
 * with the next handshake. More contexts connect side by side. A renderer
 * allows 255 WebSockets (NOTES-platform.md): a page holds a couple hundred
 * phones at most.
 */
import type { AudioFigures } from './audio-figures.ts';
import type { CallState, SoftphoneOptions } from './browser-softphone.ts';

export interface FleetPhone {
  name: string;
  options: SoftphoneOptions;
}

/** One phone's registration: confirmed (Registered state) or why not. */
export type FleetRegistration =
  | { name: string; ok: true; ms: number }
  | { name: string; ok: false; ms: number; error: string };

export interface RegisterAllOptions {
  /** Registrations in flight at once (4–8 keeps Chromium's WebSocket throttle quiet). */
  concurrency: number;
  /** Give up on one phone after this long without a confirmation. */
  timeoutMs: number;
}

declare global {
  interface Window {
    fleet: typeof fleet;
  }
}

/** Register every phone, at most `concurrency` at a time; never rejects, each outcome says what happened. */
async function registerAll(phones: FleetPhone[], o: RegisterAllOptions): Promise<FleetRegistration[]> {
  const outcomes: FleetRegistration[] = [];
  let next = 0;
  const worker = async () => {
    for (let p = phones[next++]; p; p = phones[next++]) outcomes.push(await registerOne(p, o.timeoutMs));
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, worker));
  return outcomes;
}

async function registerOne({ name, options }: FleetPhone, timeoutMs: number): Promise<FleetRegistration> {
  const started = performance.now();
  const phone = new window.BrowserSoftphone(options);
  window.phones[name] = phone;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not confirmed within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([phone.register(), timeout]);
    return { name, ok: true, ms: performance.now() - started };
  } catch (err) {
    const log = phone.log.length > 0 ? ` (${phone.log.join('; ')})` : '';
    return { name, ok: false, ms: performance.now() - started, error: `${errorText(err)}${log}` };
  } finally {
    clearTimeout(timer);
  }
}

/** Answer the next call that rings each of these phones. */
function answerWhenRinging(names: string[]): void {
  for (const name of names) {
    const phone = window.phones[name];
    if (!phone) continue;
    phone
      .until('ringing')
      .then(() => phone.answer())
      .catch((err: unknown) => phone.log.push(`answer failed: ${errorText(err)}`));
  }
}

/** The phones that are not in `state` once it is reached by all, or `timeoutMs` passed. */
async function untilAll(names: string[], state: CallState, timeoutMs: number): Promise<string[]> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const all = Promise.all(names.map((n) => window.phones[n]?.until(state)));
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  await Promise.race([all, deadline]);
  clearTimeout(timer);
  return names.filter((n) => window.phones[n]?.state !== state);
}

async function statsOf(names: string[]): Promise<Record<string, AudioFigures & { state: CallState }>> {
  const out: Record<string, AudioFigures & { state: CallState }> = {};
  await Promise.all(
    names.map(async (n) => {
      const phone = window.phones[n];
      if (phone) out[n] = { ...(await phone.audio()), state: phone.state };
    }),
  );
  return out;
}

function logsOf(names: string[]): Record<string, string[]> {
  return Object.fromEntries(names.map((n) => [n, window.phones[n]?.log.slice(-8) ?? ['no such phone']]));
}

async function hangupAll(names: string[]): Promise<void> {
  await Promise.allSettled(names.map((n) => window.phones[n]?.hangup()));
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const fleet = { registerAll, answerWhenRinging, untilAll, statsOf, logsOf, hangupAll };
window.fleet = fleet;
