/**
 * The OpenEye stand-in, in the browser: a SIP.js softphone that registers an
 * agent's softphone number over (secure) WebSocket, calls, answers, hangs up
 * and reports WebRTC stats. It honours the simulator's remote-answer request
 * (an out-of-dialog NOTIFY with `Event: talk`) by answering the ringing call.
 * Bundled by softphone-bundle.ts and driven from Playwright (softphone-page.ts).
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
} from 'sip.js';
import type { SessionDescriptionHandler } from 'sip.js/lib/platform/web/index.js';

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
  /** Inbound packets that never arrived (sequence-number gaps, as Chromium counts them). */
  packetsLost: number;
  totalAudioEnergy: number;
  packetsSent: number;
  concealedSamples: number;
  dtlsState: string;
}

export type CallState = 'idle' | 'ringing' | 'calling' | 'talking' | 'ended';

export class BrowserSoftphone {
  readonly ua: UserAgent;
  readonly registerer: Registerer;
  readonly log: string[] = [];
  state: CallState = 'idle';
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
      },
    });
    this.registerer = new Registerer(this.ua, { expires: 600 });
  }

  /** Connect and register; resolves once the registrar confirmed (not when the REGISTER was sent). */
  async register(): Promise<void> {
    await this.ua.start();
    const registered = new Promise<void>((resolve, reject) => {
      this.registerer.stateChange.addListener((s) => {
        if (s === RegistererState.Registered) resolve();
        if (s === RegistererState.Unregistered) reject(new Error('registration refused'));
      });
    });
    await this.registerer.register({
      requestDelegate: { onReject: (r) => this.log.push(`register rejected ${r.message.statusCode}`) },
    });
    await registered;
  }

  async unregister(): Promise<void> {
    await this.registerer.unregister();
    await this.ua.stop();
  }

  async call(number: string): Promise<void> {
    const target = UserAgent.makeURI(`sip:${number}@${this.options.domain}`);
    if (!target) throw new Error(`bad number ${number}`);
    const inviter = new Inviter(this.ua, target, {
      sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } },
    });
    this.#watch(inviter);
    this.#set('calling');
    await inviter.invite();
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

  async stats(): Promise<AudioStats> {
    const out: AudioStats = {
      packetsReceived: 0,
      packetsLost: 0,
      totalAudioEnergy: 0,
      packetsSent: 0,
      concealedSamples: 0,
      dtlsState: 'none',
    };
    const sdh = this.#session?.sessionDescriptionHandler as SessionDescriptionHandler | undefined;
    if (!sdh?.peerConnection) return out;
    const report = await sdh.peerConnection.getStats();
    report.forEach((r: Record<string, unknown>) => {
      if (r.type === 'inbound-rtp' && r.kind === 'audio') {
        out.packetsReceived += Number(r.packetsReceived ?? 0);
        out.packetsLost += Number(r.packetsLost ?? 0);
        out.totalAudioEnergy += Number(r.totalAudioEnergy ?? 0);
        out.concealedSamples += Number(r.concealedSamples ?? 0);
      }
      if (r.type === 'outbound-rtp' && r.kind === 'audio') out.packetsSent += Number(r.packetsSent ?? 0);
      if (r.type === 'transport') out.dtlsState = String(r.dtlsState);
    });
    return out;
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
