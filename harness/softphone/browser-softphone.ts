/**
 * The OpenEye stand-in, in the browser: a SIP.js softphone that registers an
 * agent's softphone number over (secure) WebSocket, calls, answers, holds,
 * hangs up and reports audio figures both ways from WebRTC stats. It honours
 * the simulator's remote-answer request (an out-of-dialog NOTIFY with
 * `Event: talk`) by answering the ringing call. Bundled by softphone-bundle.ts
 * and driven from Playwright (softphone-page.ts, harness/actors/openeye-phone.ts).
 *
 *   registration:  unregistered ──register──▶ registering ──200──▶ registered
 *                                                  └──final ≥ 300──▶ refused
 *                  registered ──WebSocket closed──▶ disconnected ──reconnect, REGISTER 200──▶ registered
 */
import {
  type Invitation,
  Inviter,
  type Notification,
  Registerer,
  type Session,
  SessionState,
  UserAgent,
  UserAgentState,
} from 'sip.js';
import {
  defaultSessionDescriptionHandlerFactory,
  holdModifier,
  type SessionDescriptionHandler,
} from 'sip.js/lib/platform/web/index.js';
import { type AudioFigures, NO_AUDIO, pickAudioStats, summariseAudio } from './audio-figures.ts';

export interface SoftphoneOptions {
  /** wss://host:port/sip */
  wsUrl: string;
  sipAccount: string;
  sipPwd: string;
  /** The SIP domain: the simulator's host. */
  domain: string;
}

/** What the phone reads of a call's last final response that was not a 2xx (486 busy, 487 cancelled…). */
export interface Rejection {
  status: number;
  reason: string;
  warning?: string;
}

/** What tests read to prove audio: inbound and outbound RTP, energy, DTLS. */
export type CallState = 'idle' | 'ringing' | 'calling' | 'talking' | 'ended';
export type Registration = 'unregistered' | 'registering' | 'registered' | 'refused' | 'disconnected';

/** How a request of the phone ended: accepted, or the final status that refused it (none when it never got one). */
export type Outcome = { ok: true } | { ok: false; status?: number; reason: string };

export class BrowserSoftphone {
  readonly ua: UserAgent;
  registerer: Registerer;
  readonly log: string[] = [];
  state: CallState = 'idle';
  /** Registered only once the registrar answered 200, as OpenEye counts a registration. */
  registration: Registration = 'unregistered';
  /** When (performance.now(), ms) the phone last entered each call state: for figures, not assertions. */
  readonly timings: Partial<Record<CallState, number>> = {};
  /** The last call's refusal, if it was refused. */
  rejection: Rejection | undefined;
  /** Whether the phone means to be registered: it registers again after a reconnection. */
  #wantRegistered = false;
  #session: Session | undefined;
  #ringing: Invitation | undefined;
  #waiters: { state: CallState; resolve: () => void }[] = [];

  constructor(readonly options: SoftphoneOptions) {
    this.ua = new UserAgent({
      uri: UserAgent.makeURI(`sip:${options.sipAccount}@${options.domain}`),
      authorizationUsername: options.sipAccount,
      authorizationPassword: options.sipPwd,
      transportOptions: { server: options.wsUrl },
      // No STUN: there is no internet, and host candidates are enough on one machine (NOTES-platform.md).
      sessionDescriptionHandlerFactory: defaultSessionDescriptionHandlerFactory(sharedMicrophone),
      sessionDescriptionHandlerFactoryOptions: {
        peerConnectionConfiguration: { iceServers: [] },
        iceGatheringTimeout: 500,
      },
      logLevel: 'warn',
      delegate: {
        onInvite: (invitation) => this.#onInvite(invitation),
        onNotify: (notification) => this.#onNotify(notification),
        onDisconnect: (error) => this.#onDisconnect(error),
      },
    });
    this.registerer = this.#newRegisterer();
  }

  #newRegisterer(): Registerer {
    const registerer = new Registerer(this.ua, { expires: 600 });
    registerer.stateChange.addListener((s) => this.log.push(`registerer ${s}`));
    return registerer;
  }

  /**
   * Connect (again, after a drop) and register. Resolves with the registrar's
   * answer: registered only on its 200, refused with the final status (401
   * for a wrong password, after SIP.js answered the first challenge).
   */
  async tryRegister(): Promise<Outcome> {
    this.registration = 'registering';
    try {
      if (this.ua.state === UserAgentState.Started && !this.ua.isConnected()) await this.ua.reconnect();
      else if (this.ua.state !== UserAgentState.Started) await this.ua.start();
    } catch (err) {
      this.registration = 'disconnected';
      return { ok: false, reason: `cannot connect to ${this.options.wsUrl}: ${errorText(err)}` };
    }
    this.#wantRegistered = true;
    const outcome = await new Promise<Outcome>((resolve) => {
      this.#sendRegister({
        onAccept: () => resolve({ ok: true }),
        onReject: (status, reason) => resolve({ ok: false, status, reason: `${status} ${reason}` }),
      }).catch((err: unknown) => resolve({ ok: false, reason: errorText(err) }));
    });
    // A refused phone does not register again by itself after a reconnection.
    if (!outcome.ok) this.#wantRegistered = false;
    return outcome;
  }

  /** Connect and register; resolves once the registrar confirmed (not when the REGISTER was sent). */
  async register(): Promise<void> {
    const outcome = await this.tryRegister();
    if (!outcome.ok) throw new Error(`registration refused: ${outcome.reason}`);
  }

  /** Send a REGISTER now (a refresh, as phones do before expiry), without waiting for the answer. */
  refreshRegistration(): Promise<void> {
    return this.#sendRegister();
  }

  async unregister(): Promise<void> {
    this.#wantRegistered = false;
    if (this.registration === 'registered') await this.registerer.unregister().catch(() => undefined);
    await this.ua.stop();
    this.registration = 'unregistered';
  }

  /**
   * Close the phone's WebSocket under SIP.js, as a failing network would: the
   * simulator drops the bindings of that connection (RFC 5626 §5.3), and the
   * phone reconnects and registers again by itself, as desk phones do.
   */
  dropConnection(): boolean {
    const ws = (this.ua.transport as unknown as { ws?: WebSocket }).ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    this.log.push('connection dropped by the test');
    ws.close(3000, 'dropped by the test');
    return true;
  }

  /**
   * Call a number. With `ringTimeoutMs`, give up (CANCEL, RFC 3261 §9.1) when
   * the call is not answered in time, as desk phones do.
   */
  async call(number: string, options: { ringTimeoutMs?: number } = {}): Promise<void> {
    const target = UserAgent.makeURI(`sip:${number}@${this.options.domain}`);
    if (!target) throw new Error(`bad number ${number}`);
    const inviter = new Inviter(this.ua, target, {
      sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } },
    });
    this.#watch(inviter);
    this.rejection = undefined;
    this.#set('calling');
    if (options.ringTimeoutMs !== undefined) {
      const timer = setTimeout(() => {
        if (inviter.state !== SessionState.Establishing) return;
        this.log.push('no answer: cancelling');
        void inviter.cancel();
      }, options.ringTimeoutMs);
      inviter.stateChange.addListener((st) => st === SessionState.Terminated && clearTimeout(timer));
    }
    await inviter.invite({
      requestDelegate: {
        onReject: ({ message }) => {
          const warning = message.getHeader('warning');
          this.rejection = { status: message.statusCode ?? 0, reason: message.reasonPhrase ?? '', warning };
          this.log.push(`rejected ${message.statusCode}`);
        },
      },
    });
  }

  /** The SIP Call-ID of the current (or last) call. */
  get callId(): string | undefined {
    return (this.#session as Inviter | Invitation | undefined)?.request.callId;
  }

  /** Answer the ringing call. */
  async answer(): Promise<void> {
    const invitation = this.#ringing;
    if (!invitation) throw new Error('no call is ringing');
    this.#ringing = undefined;
    await invitation.accept({
      sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } },
    });
  }

  /** Put the call on hold (a re-INVITE with sendonly, RFC 3264 §8.4) or take it off hold. */
  async hold(on: boolean): Promise<Outcome> {
    const s = this.#session;
    if (!s || s.state !== SessionState.Established) return { ok: false, reason: 'no call is established' };
    return new Promise<Outcome>((resolve) => {
      s.invite({
        sessionDescriptionHandlerModifiers: on ? [holdModifier] : [],
        requestDelegate: {
          onAccept: () => resolve({ ok: true }),
          onReject: (r) => {
            const { statusCode, reasonPhrase } = r.message;
            resolve({ ok: false, status: statusCode, reason: `${statusCode} ${reasonPhrase}` });
          },
        },
      }).catch((err: unknown) => resolve({ ok: false, reason: errorText(err) }));
    });
  }

  /**
   * Press keys during the call: RFC 4733 telephone-event in the media (the
   * browser's RTCDTMFSender, through SIP.js's sessionDescriptionHandler), or
   * one SIP INFO per key with an `application/dtmf-relay` body.
   */
  async sendDtmf(keys: string, via: 'rfc4733' | 'info'): Promise<Outcome> {
    const s = this.#session;
    if (!s || s.state !== SessionState.Established) return { ok: false, reason: 'no call is established' };
    if (via === 'rfc4733') {
      const sdh = s.sessionDescriptionHandler as SessionDescriptionHandler | undefined;
      // One key after the other, as the sender plays them (100 ms each, 70 ms apart by default).
      return sdh?.sendDtmf(keys)
        ? { ok: true }
        : { ok: false, reason: 'the call negotiated no telephone-event' };
    }
    for (const key of keys) {
      const outcome = await new Promise<Outcome>((resolve) => {
        s.info({
          requestOptions: {
            body: {
              contentDisposition: 'render',
              contentType: 'application/dtmf-relay',
              content: `Signal=${key}\r\nDuration=160\r\n`,
            },
          },
          requestDelegate: {
            onAccept: () => resolve({ ok: true }),
            onReject: (r) =>
              resolve({
                ok: false,
                status: r.message.statusCode,
                reason: `${r.message.statusCode} ${r.message.reasonPhrase}`,
              }),
          },
        }).catch((err: unknown) => resolve({ ok: false, reason: errorText(err) }));
      });
      if (!outcome.ok) return outcome;
    }
    return { ok: true };
  }

  async hangup(): Promise<void> {
    const s = this.#session;
    if (!s) return;
    if (s.state === SessionState.Established) await s.bye();
    else if (s instanceof Inviter) await s.cancel();
    else await (s as Invitation).reject();
  }

  /** Resolve once the phone is in `state`. */
  until(state: CallState): Promise<void> {
    if (this.state === state) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ state, resolve }));
  }

  /** Audio figures of the current (or last) call, both ways (harness/softphone/audio-figures.ts). */
  async audio(): Promise<AudioFigures> {
    const sdh = this.#session?.sessionDescriptionHandler as SessionDescriptionHandler | undefined;
    if (!sdh?.peerConnection) return NO_AUDIO;
    const report = await sdh.peerConnection.getStats();
    return summariseAudio(pickAudioStats(report.values() as Iterable<Record<string, unknown>>));
  }

  /** A REGISTER is out and not answered yet. */
  #registerPending = false;

  async #sendRegister(
    answer: { onAccept?: () => void; onReject?: (status: number, reason: string) => void } = {},
  ): Promise<void> {
    this.#registerPending = true;
    this.registration = 'registering';
    await this.registerer.register({
      requestDelegate: {
        onAccept: () => {
          this.#registerPending = false;
          this.registration = 'registered';
          this.log.push('register accepted');
          answer.onAccept?.();
        },
        onReject: (r) => {
          this.#registerPending = false;
          this.registration = 'refused';
          this.log.push(`register rejected ${r.message.statusCode}`);
          answer.onReject?.(r.message.statusCode ?? 0, r.message.reasonPhrase ?? '');
        },
      },
    });
  }

  /**
   * The server closed the WebSocket: reconnect with a short backoff and register
   * again, as a desk phone does (SIP.js leaves both to the application; RFC 5626
   * §4.5 describes the same for outbound flows).
   */
  #onDisconnect(error?: Error): void {
    this.log.push(error ? 'disconnected by the server' : 'disconnected');
    if (error) this.registration = 'disconnected';
    if (error) void this.#reconnect(1);
  }

  async #reconnect(attempt: number): Promise<void> {
    try {
      await this.ua.reconnect();
      this.log.push('reconnected');
      if (!this.#wantRegistered) return;
      if (this.#registerPending) {
        // A REGISTER lost with the old connection is never answered, and SIP.js sends
        // no other until it times out (Timer F, 32 s). Over a connection-oriented
        // transport its loss is a transport error (RFC 3261 §18.4): start afresh.
        void this.registerer.dispose();
        this.registerer = this.#newRegisterer();
      }
      await this.#sendRegister();
    } catch (err) {
      this.log.push(`reconnect attempt ${attempt} failed: ${String(err)}`);
      if (attempt < 5) setTimeout(() => void this.#reconnect(attempt + 1), 200 * 2 ** attempt);
    }
  }

  #onInvite(invitation: Invitation): void {
    this.#watch(invitation);
    this.#ringing = invitation;
    this.#set('ringing');
    this.log.push(`ringing from ${invitation.remoteIdentity.uri.user}`);
  }

  /** The simulator's remote answer (simulator choice): NOTIFY with Event: talk answers the ringing call. */
  #onNotify(notification: Notification): void {
    const event = notification.request.getHeader('event')?.trim().toLowerCase();
    notification.accept();
    this.log.push(`NOTIFY ${event}`);
    if (event === 'talk' && this.#ringing) void this.answer();
  }

  #watch(session: Session): void {
    this.#session = session;
    session.stateChange.addListener((s) => {
      if (s === SessionState.Established) {
        this.#play(session);
        this.#set('talking');
      }
      if (s === SessionState.Terminated) {
        this.#audio?.remove();
        if (this.#ringing === session) this.#ringing = undefined;
        this.#set('ended');
      }
    });
  }

  #audio: HTMLAudioElement | undefined;

  /** Play what arrives: Chromium decodes (and measures totalAudioEnergy of) remote audio only when it has a sink. */
  #play(session: Session): void {
    const sdh = session.sessionDescriptionHandler as SessionDescriptionHandler | undefined;
    if (!sdh) return;
    this.#audio?.remove();
    const audio = document.createElement('audio');
    audio.autoplay = true;
    audio.srcObject = sdh.remoteMediaStream;
    document.body.append(audio);
    this.#audio = audio;
    audio.play().catch((err: unknown) => this.log.push(`audio play refused: ${String(err)}`));
  }

  #set(state: CallState): void {
    this.state = state;
    this.log.push(state);
    this.timings[state] = performance.now();
    const ready = this.#waiters.filter((w) => w.state === state);
    this.#waiters = this.#waiters.filter((w) => w.state !== state);
    for (const w of ready) w.resolve();
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The microphone of every phone on a page: one capture of the (fake) device, without the browser's
 * voice processing, and a clone of its track for each call. A desk phone passes its audio through
 * as it comes; a capture and an echo canceller per call are what costs Chromium most when one page
 * holds a hundred calls, and Chromium refuses some of a hundred unprocessed captures outright.
 * Stopping a clone at the call's end (SIP.js does) leaves the capture to the other calls.
 */
let microphone: Promise<MediaStream> | undefined;

async function sharedMicrophone(): Promise<MediaStream> {
  microphone ??= navigator.mediaDevices
    .getUserMedia({ audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false } })
    .catch((err: unknown) => {
      microphone = undefined; // the next call asks again
      throw err;
    });
  const capture = await microphone;
  return new MediaStream(capture.getAudioTracks().map((t) => t.clone()));
}
