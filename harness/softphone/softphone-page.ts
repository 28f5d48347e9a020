import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import type { AudioFigures } from './audio-figures.ts';
import type { CallState, Outcome, Registration, Rejection, SoftphoneOptions } from './browser-softphone.ts';
import { softphoneBundle } from './softphone-bundle.ts';

/**
 * Softphones in a Playwright page. A tiny HTTP server on 127.0.0.1 serves the
 * page and the bundle: a loopback origin is a secure context (getUserMedia
 * works with Chromium's fake audio device) and may open WebSockets to the
 * simulator on loopback, which Chromium's local-network rules refuse to a
 * page of any other origin. Each phone is driven by name from the test.
 */
declare global {
  interface Window {
    phones: Record<string, import('./browser-softphone.ts').BrowserSoftphone>;
    BrowserSoftphone: typeof import('./browser-softphone.ts').BrowserSoftphone;
  }
}

const PAGE = `<!doctype html><title>softphones</title><script type="module">
import { BrowserSoftphone } from '/softphone.js';
window.BrowserSoftphone = BrowserSoftphone; window.phones = {}; document.title = 'ready';
</script>`;

export interface SoftphoneServer {
  url: string;
  close(): Promise<void>;
}

export async function serveSoftphones(): Promise<SoftphoneServer> {
  const js = await softphoneBundle();
  const server = createServer((req, res) => {
    const isJs = req.url === '/softphone.js';
    res.writeHead(200, { 'content-type': isJs ? 'text/javascript' : 'text/html' });
    res.end(isJs ? js : PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function openSoftphonePage(page: Page, server: SoftphoneServer): Promise<void> {
  await page.goto(server.url);
  await page.waitForFunction(() => document.title === 'ready');
}

/** A handle on one softphone in the page. */
export class Softphone {
  constructor(
    readonly page: Page,
    readonly name: string,
  ) {}

  static async register(page: Page, name: string, options: SoftphoneOptions): Promise<Softphone> {
    const phone = await Softphone.create(page, name, options);
    await phone.register();
    return phone;
  }

  /** A phone in the page, not yet registered. */
  static async create(page: Page, name: string, options: SoftphoneOptions): Promise<Softphone> {
    await page.evaluate(
      ({ name, options }) => {
        if (window.phones[name]) throw new Error(`a phone named ${name} is already in this page`);
        window.phones[name] = new window.BrowserSoftphone(options);
      },
      { name, options },
    );
    return new Softphone(page, name);
  }

  /** Register; resolves once the registrar confirmed, rejects when it refused. */
  register(): Promise<void> {
    return this.page.evaluate((name) => window.phones[name]!.register(), this.name);
  }

  /** Register (again); the registrar's answer, never a throw for a refusal. */
  tryRegister(): Promise<Outcome> {
    return this.page.evaluate((name) => window.phones[name]!.tryRegister(), this.name);
  }

  /** registered, refused, disconnected…: as OpenEye counts it (harness/softphone/browser-softphone.ts). */
  registration(): Promise<Registration> {
    return this.page.evaluate((name) => window.phones[name]!.registration, this.name);
  }

  hold(on: boolean): Promise<Outcome> {
    return this.page.evaluate(({ name, on }) => window.phones[name]!.hold(on), { name: this.name, on });
  }

  /** Press keys during the call (RFC 4733 in the media, or SIP INFO). */
  sendDtmf(keys: string, via: 'rfc4733' | 'info'): Promise<Outcome> {
    return this.page.evaluate(({ name, keys, via }) => window.phones[name]!.sendDtmf(keys, via), {
      name: this.name,
      keys,
      via,
    });
  }

  /** Close the phone's WebSocket as a failing network would; false when it had none open. */
  dropConnection(): Promise<boolean> {
    return this.page.evaluate((name) => window.phones[name]!.dropConnection(), this.name);
  }

  /** Audio figures both ways: packets, bytes, energy, DTLS state. */
  audio(): Promise<AudioFigures> {
    return this.page.evaluate((name) => window.phones[name]!.audio(), this.name);
  }

  call(number: string, options: { ringTimeoutMs?: number } = {}): Promise<void> {
    return this.page.evaluate(({ name, number, options }) => window.phones[name]!.call(number, options), {
      name: this.name,
      number,
      options,
    });
  }

  answer(): Promise<void> {
    return this.page.evaluate((name) => window.phones[name]!.answer(), this.name);
  }

  hangup(): Promise<void> {
    return this.page.evaluate((name) => window.phones[name]!.hangup(), this.name);
  }

  state(): Promise<CallState> {
    return this.page.evaluate((name) => window.phones[name]!.state, this.name);
  }

  until(state: CallState): Promise<void> {
    return this.page.evaluate(({ name, state }) => window.phones[name]!.until(state), {
      name: this.name,
      state,
    });
  }

  /** The SIP Call-ID of the phone's current (or last) call. */
  callId(): Promise<string | undefined> {
    return this.page.evaluate((name) => window.phones[name]!.callId, this.name);
  }

  /** How the last call was refused (status, reason, Warning), if it was. */
  rejection(): Promise<Rejection | undefined> {
    return this.page.evaluate((name) => window.phones[name]!.rejection, this.name);
  }

  /** SIP.js's registerer state: Initial, Registered, Unregistered or Terminated. */
  registererState(): Promise<string> {
    return this.page.evaluate((name) => window.phones[name]!.registerer.state, this.name);
  }

  /** Send a REGISTER refresh now, without waiting for its answer. */
  refreshRegistration(): Promise<void> {
    return this.page.evaluate((name) => window.phones[name]!.refreshRegistration(), this.name);
  }

  /** Resolve once the phone's log has `count` lines (default 1) matching `pattern` (a regular expression source). */
  async untilLogged(pattern: string, count = 1, timeoutMs = 10_000): Promise<void> {
    try {
      await this.page.waitForFunction(
        ({ name, pattern, count }) =>
          window.phones[name]!.log.filter((l) => new RegExp(pattern).test(l)).length >= count,
        { name: this.name, pattern, count },
        { timeout: timeoutMs },
      );
    } catch (err) {
      // Say what the phone did instead: a timeout alone explains nothing.
      const log = await this.log().catch(() => [`(log unreadable: ${String(err)})`]);
      throw new Error(
        `phone ${this.name} never logged /${pattern}/ ×${count}; its log:\n  ${log.join('\n  ')}`,
      );
    }
  }

  /** When the phone last entered each call state (the page's performance.now(), ms). */
  timings(): Promise<Partial<Record<CallState, number>>> {
    return this.page.evaluate((name) => window.phones[name]!.timings, this.name);
  }

  log(): Promise<string[]> {
    return this.page.evaluate((name) => window.phones[name]!.log, this.name);
  }

  /** Unregister and stop; the phone leaves the page. */
  unregister(): Promise<void> {
    return this.page.evaluate(async (name) => {
      await window.phones[name]?.unregister();
      delete window.phones[name];
    }, this.name);
  }
}
