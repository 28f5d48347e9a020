/**
 * The OpenEye stand-in, in the browser: a SIP.js softphone that registers an
 * agent's softphone number over (secure) WebSocket, calls, answers, holds,
 * hangs up and reports audio figures both ways from WebRTC stats. It honours
 * the simulator's remote-answer request (an out-of-dialog NOTIFY with
 * `Event: talk`) by answering the ringing call. Bundled by softphone-bundle.ts
 * and driven from Playwright (softphone-page.ts, harness/actors/openeye-phone.ts).
 *
 *   registration:  unregistered ──register()──▶ registering ──200──▶ registered
 *                                                   └──final ≥ 300──▶ refused
 *                  any ──WebSocket closed──▶ disconnected ──register()──▶ registering
 */
import {
  type Invitation,
  Inviter,
  type Notification,
  Registerer,
  RegistererState,
  type Session,
  SessionState,
  UserAgent,
  UserAgentState,
} from 'sip.js';
import { holdModifier, type SessionDescriptionHandler } from 'sip.js/lib/platform/web/index.js';
import { type AudioFigures, NO_AUDIO, pickAudioStats, summariseAudio } from './audio-figures.ts';

export interface SoftphoneOptions {
  /** wss://host:port/sip */
  wsUrl: string;
  sipAccount: string;
  sipPwd: string;
  /** The SIP domain: the simulator's host. */
  domain: string;
}

/** What tests read to prove audio: inbound and outbound RTP, energy, DTLS. */
export interface AudioStats {
  packetsReceived: number;
  totalAudioEnergy: number;
  packetsSent: number;
  concealedSamples: number;
  dtlsState: string;
}

export type CallState = 'idle' | 'ringing' | 'calling' | 'talking' | 'ended';
export type Registration = 'unregistered' | 'registering' | 'registered' | 'refused' | 'disconnected';

/** How a request of the phone ended: accepted, or the final status that refused it (none when it never got one). */
export type Outcome = { ok: true } | { ok: false; status?: number; reason: string };

export class BrowserSoftphone {
  readonly ua: UserAgent;
  readonly registerer: Registerer;
  readonly log: string[] = [];
  state: CallState = 'idle';
  registration: Registration = 'unregistered';
  /** The final response that ended the last call this phone placed, when it was not a 2xx. */
  lastCallStatus: number | undefined;
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
      sessionDescriptionHandlerFactoryOptions: {
        peerConnectionConfiguration: { iceServers: [] },
        iceGatheringTimeout: 500,
      },
      logLevel: 'warn',
      delegate: {
        onInvite: (invitation) => this.#onInvite(invitation),
        onNotify: (notification) => this.#onNotify(notification),
        onDisconnect: (error) => {
          if (!error) return; // a deliberate stop
          this.registration = 'disconnected';
          this.log.push(`disconnected: ${error.message}`);
        },
      },
    });
    this.registerer = new Registerer(this.ua, { expires: 600 });
    this.registerer.stateChange.addListener((s) => {
      if (s === RegistererState.Unregistered && this.registration === 'registered')
        this.registration = 'unregistered';
    });
  }

  /**
   * Connect (again, after a drop) and register. Resolves once the registrar
   * answered: registered only on its 200, as OpenEye counts a registration.
   */
  async tryRegister(): Promise<Outcome> {
    this.registration = 'registering';
    try {
      if (this.ua.state === UserAgentState.Started && !this.ua.isConnected()) await this.ua.reconnect();
      else if (this.ua.state !== UserAgentState.Started) await this.ua.start();
    } catch (err) {
      this.registration = 'disconnected';
      return { ok: false, reason: `cannot connect to ${this.options.wsUrl}: ${message(err)}` };
    }
    const outcome = await new Promise<Outcome>((resolve) => {
      this.registerer
        .register({
          requestDelegate: {
            onAccept: () => resolve({ ok: true }),
            onReject: (r) => {
              const { statusCode, reasonPhrase } = r.message;
              resolve({ ok: false, status: statusCode, reason: `${statusCode} ${reasonPhrase}` });
            },
          },
        })
        .catch((err: unknown) => resolve({ ok: false, reason: message(err) }));
    });
    this.registration = outcome.ok ? 'registered' : 'refused';
    this.log.push(outcome.ok ? 'registered' : `register refused: ${outcome.reason}`);
    return outcome;
  }

  /** Register, or throw why not. */
  async register(): Promise<void> {
    const outcome = await this.tryRegister();
    if (!outcome.ok) throw new Error(`registration refused: ${outcome.reason}`);
  }

  async unregister(): Promise<void> {
    if (this.registration === 'registered') await this.registerer.unregister().catch(() => undefined);
    await this.ua.stop();
    this.registration = 'unregistered';
  }

  /**
   * Close the phone's WebSocket under SIP.js, as a network failure would: the
   * simulator drops the bindings of that connection (RFC 5626 §5.3) and the
   * phone is disconnected until registered again.
   */
  dropConnection(): boolean {
    const ws = (this.ua.transport as unknown as { ws?: WebSocket }).ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.close(3000, 'dropped by the test');
    return true;
  }

  async call(number: string): Promise<void> {
    const target = UserAgent.makeURI(`sip:${number}@${this.options.domain}`);
    if (!target) throw new Error(`bad number ${number}`);
    const inviter = new Inviter(this.ua, target, {
      sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } },
    });
    this.#watch(inviter);
    this.lastCallStatus = undefined;
    this.#set('calling');
    await inviter.invite({
      requestDelegate: { onReject: (r) => (this.lastCallStatus = r.message.statusCode) },
    });
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
      }).catch((err: unknown) => resolve({ ok: false, reason: message(err) }));
    });
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

  /** Audio figures of the current (or last) call, both ways. */
  async audio(): Promise<AudioFigures> {
    const sdh = this.#session?.sessionDescriptionHandler as SessionDescriptionHandler | undefined;
    if (!sdh?.peerConnection) return NO_AUDIO;
    const report = await sdh.peerConnection.getStats();
    return summariseAudio(pickAudioStats(report.values() as Iterable<Record<string, unknown>>));
  }

  async stats(): Promise<AudioStats> {
    const f = await this.audio();
    return {
      packetsReceived: f.received.packets,
      totalAudioEnergy: f.received.energy,
      packetsSent: f.sent.packets,
      concealedSamples: f.received.concealedSamples,
      dtlsState: f.dtlsState,
    };
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
    const ready = this.#waiters.filter((w) => w.state === state);
    this.#waiters = this.#waiters.filter((w) => w.state !== state);
    for (const w of ready) w.resolve();
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
