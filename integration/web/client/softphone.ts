/**
 * The agent's WebRTC softphone (SIP.js), registered with the softphone number
 * and password the integration synced from QueryAgentInfo, over the CEC's SIP
 * WebSocket (RFC 7118). One call at a time:
 *
 *   idle ──INVITE──▶ ringing ──pickUp() or NOTIFY Event: talk──▶ connecting ──▶ talking
 *     ▲                 │ endCall() / caller cancels                                 │ endCall() / BYE
 *     └─────────────────┴────────────────────────────────────────────────────────────┘
 *
 * The NOTIFY is mock-cec's remote answer for the bar's Answer button (a
 * simulator choice: an out-of-dialog NOTIFY with `Event: talk`, as
 * BroadWorks-style phones accept).
 */
import {
  Invitation,
  type Notification,
  Registerer,
  RegistererState,
  type Session,
  SessionState,
  UserAgent,
  type Web,
} from 'sip.js';

export interface SoftphoneCredentials {
  wsUrl: string;
  aor: string;
  authorizationUsername: string;
  authorizationPassword: string;
  displayName: string;
}

export type Registration = 'not registered' | 'connecting' | 'registered' | 'refused' | 'disconnected';
export type CallState = 'idle' | 'ringing' | 'connecting' | 'talking';

export interface PhoneView {
  registration: Registration;
  detail?: string;
  call: CallState;
  caller?: string;
  /** The last thing that went wrong with a call, in words. */
  problem?: string;
}

export class Softphone {
  #ua: UserAgent | undefined;
  #registerer: Registerer | undefined;
  #session: Session | undefined;
  #view: PhoneView = { registration: 'not registered', call: 'idle' };
  #retryMs = 2000;

  constructor(
    private readonly audio: HTMLAudioElement,
    private readonly onChange: (view: PhoneView) => void,
  ) {}

  get view(): PhoneView {
    return this.#view;
  }

  /** The call's peer connection, for WebRTC statistics. */
  get peerConnection(): RTCPeerConnection | undefined {
    return (this.#session?.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined)
      ?.peerConnection;
  }

  async start(creds: SoftphoneCredentials): Promise<void> {
    const uri = UserAgent.makeURI(creds.aor);
    if (!uri) throw new Error(`not a SIP URI: ${creds.aor}`);
    const ua = new UserAgent({
      uri,
      displayName: creds.displayName,
      authorizationUsername: creds.authorizationUsername,
      authorizationPassword: creds.authorizationPassword,
      transportOptions: { server: creds.wsUrl },
      // No STUN: the default server is on the internet, and the CEC's media is reachable directly.
      sessionDescriptionHandlerFactoryOptions: {
        peerConnectionConfiguration: { iceServers: [] },
        iceGatheringTimeout: 500,
      },
      logBuiltinEnabled: false,
      delegate: {
        onConnect: () => this.#register(),
        onDisconnect: (error) => this.#disconnected(error),
        onInvite: (invitation) => this.#incoming(invitation),
        onNotify: (notification) => this.#notified(notification),
      },
    });
    this.#ua = ua;
    this.#registerer = new Registerer(ua);
    this.#registerer.stateChange.addListener((state) => {
      if (state === RegistererState.Registered) {
        this.#retryMs = 2000;
        this.#set({ registration: 'registered', detail: undefined });
      } else if (state === RegistererState.Unregistered && this.#view.registration === 'registered') {
        this.#set({ registration: 'not registered' });
      }
    });
    this.#set({ registration: 'connecting' });
    await ua
      .start()
      .catch((err: unknown) => this.#disconnected(err instanceof Error ? err : new Error(String(err))));
  }

  /** Answer the ringing call (the Pick up button, or the CEC's remote answer). */
  async pickUp(): Promise<void> {
    const session = this.#session;
    if (!(session instanceof Invitation) || session.state !== SessionState.Initial) return;
    this.#set({ call: 'connecting', problem: undefined });
    try {
      await session.accept({
        sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } },
      });
    } catch (err) {
      // Usually the microphone: refused, or missing. The caller keeps ringing until they give up.
      this.#set({
        call: 'ringing',
        problem: `Could not answer: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
  }

  /** Decline a ringing call, or hang up an established one. */
  async endCall(): Promise<void> {
    const session = this.#session;
    if (!session) return;
    if (session instanceof Invitation && session.state === SessionState.Initial) await session.reject();
    else if (session.state === SessionState.Established) await session.bye();
  }

  async stop(): Promise<void> {
    await this.#registerer?.unregister().catch(() => undefined);
    await this.#ua?.stop();
  }

  #register(): void {
    this.#registerer
      ?.register({
        requestDelegate: {
          // Registering again after a reconnect leaves the Registerer Registered: no state change to hear.
          onAccept: () => this.#set({ registration: 'registered', detail: undefined }),
          onReject: (response) => {
            const { statusCode, reasonPhrase } = response.message;
            this.#set({ registration: 'refused', detail: `${statusCode} ${reasonPhrase}` });
          },
        },
      })
      .catch((err: unknown) => this.#set({ registration: 'refused', detail: String(err) }));
  }

  #disconnected(error?: Error): void {
    this.#set({ registration: 'disconnected', detail: error?.message });
    if (!error || !this.#ua) return; // a deliberate stop
    // A call goes on: its media never used the WebSocket, and once registered again (the same Contact) the
    // CEC's in-dialog requests reach this phone over the new connection (RFC 5626 §4.5).
    const ua = this.#ua;
    const delay = this.#retryMs;
    this.#retryMs = Math.min(30_000, this.#retryMs * 2);
    setTimeout(() => ua.reconnect().catch((err: unknown) => this.#disconnected(err as Error)), delay);
  }

  #incoming(invitation: Invitation): void {
    if (this.#session) {
      void invitation.reject({ statusCode: 486 }); // Busy Here: one call at a time
      return;
    }
    this.#session = invitation;
    const identity = invitation.remoteIdentity;
    this.#set({ call: 'ringing', caller: identity.displayName || identity.uri.user || 'unknown' });
    invitation.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        const sdh = invitation.sessionDescriptionHandler as Web.SessionDescriptionHandler;
        this.audio.srcObject = sdh.remoteMediaStream;
        void this.audio.play().catch(() => undefined); // allowed: the page is capturing the microphone
        this.#set({ call: 'talking' });
      } else if (state === SessionState.Terminated) {
        this.#session = undefined;
        this.audio.srcObject = null;
        this.#set({ call: 'idle', caller: undefined });
      }
    });
  }

  /** RFC 6665 §8.2.1: an event package we do not know is 489; a remote answer with nothing ringing is 481. */
  #notified(notification: Notification): void {
    const event = notification.request.getHeader('Event')?.split(';')[0]?.trim().toLowerCase();
    if (event !== 'talk') {
      void notification.reject({ statusCode: 489 });
      return;
    }
    const ringing = this.#session instanceof Invitation && this.#session.state === SessionState.Initial;
    if (!ringing) {
      void notification.reject({ statusCode: 481 });
      return;
    }
    void notification.accept();
    void this.pickUp();
  }

  #set(change: Partial<PhoneView>): void {
    this.#view = { ...this.#view, ...change };
    this.onChange(this.#view);
  }
}
