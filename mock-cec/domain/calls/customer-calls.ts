/**
 * The contract between call distribution (ACD, agent gateway) and the SIP side.
 * The ACD decides who rings; the SIP side makes the simulated customer's call
 * legs happen on the wire (INVITE to the agent's registered softphone, with
 * real media) and reports their progress.
 */
import type {
  AudioTap,
  CallMixer,
  MediaMode,
  MediaRoute,
  MediaSource,
  MediaStats,
} from '../../telephony/media/media-engine.ts';
import type { MixPort } from '../../telephony/media/mixer.ts';

/** How a simulated customer behaves on a call. */
export interface CustomerBehaviour {
  /** For calls to the customer: answer, reject busy (486), or ring forever. */
  answer: 'answer' | 'busy' | 'no-answer';
  /** Ring this long before answering (ms). */
  answerAfterMs?: number;
  /** Hang up this long after the call is answered (ms). */
  hangupAfterMs?: number;
  source: MediaSource;
  mode: MediaMode;
}

export type LegEndReason =
  | 'customer-hangup' // BYE from the customer (hangupAfterMs, control API)
  | 'agent-hangup' // BYE from the agent's softphone
  | 'cancelled' // CANCEL before answer (ring timeout, customer gave up)
  | 'rejected' // a final non-2xx from the callee (busy, decline…)
  | 'unreachable' // 404/480: no binding for the softphone
  | 'failed'; // transport error or timeout

export interface LegEvents {
  /** 180/183 from the agent's softphone. */
  ringing(): void;
  /** 200 OK and ACK: the call is up, media flows. */
  answered(): void;
  /** The leg is over, for whatever reason; `status` is the SIP final status when there was one. */
  ended(reason: LegEndReason, status?: number): void;
}

export interface CallLeg {
  /** SIP Call-ID of the leg. */
  readonly sipCallId: string;
  on<E extends keyof LegEvents>(event: E, listener: LegEvents[E]): void;
  /** Before answer: CANCEL. After: BYE. */
  hangup(): Promise<void>;
  /**
   * Ask the softphone to answer a ringing call (the bar's Answer; see decision
   * record). Settles when the phone has said yes or no to being asked (not
   * when it answers the call): a phone that refuses remote answering (baresip
   * answers the NOTIFY with 481) must be answered by hand.
   */
  requestAnswer(): Promise<AnswerOutcome>;
  mediaStats(): MediaStats | undefined;
  /**
   * Hold (`inactive`) or take back (`sendrecv`) from the CEC's side: a
   * re-INVITE with the leg's own SDP in that direction (decision record 007).
   * Settles when the phone has answered it; a phone that refuses says why.
   */
  reinvite(direction: 'sendrecv' | 'inactive'): Promise<AnswerOutcome>;
  /** Route the leg in the CEC's media hub: the customer's audio out, and what the customer hears of it. */
  setRoute(route: MediaRoute): void;
  /**
   * Join the leg to its call's mixer in the simulated customer (consult,
   * three-party: media/mixer.ts), or leave it with undefined. Kept for a leg
   * whose media is not up yet.
   */
  setMix(port: MixPort | undefined): void;
  /** Record the leg's audio (what the customer heard and sent) through `tap`, or stop (undefined). */
  record(tap: AudioTap | undefined): void;
}

/** Whether the softphone took the request to answer; `why` it did not, for the agent and the journal. */
export type AnswerOutcome = { readonly ok: true } | { readonly ok: false; readonly why: string };

export interface DialRequest {
  tenant: string;
  /** The customer's number (caller ID). */
  from: string;
  /** The agent's softphone number to ring. */
  toSipAccount: string;
  behaviour: CustomerBehaviour;
  /** Extra SIP headers on the INVITE (e.g. X-Call-Id to tie the leg to the gateway's call). */
  headers?: Record<string, string>;
  /** The call the leg belongs to: its media goes where the call's other legs and mixer are (decision record 008). */
  mediaGroup?: string;
}

export interface CustomerCalls {
  /** The customer calls an agent's softphone (inbound call, or the agent leg of Call Out). */
  dial(request: DialRequest): CallLeg;
  /** Whether the softphone number has a live registration. */
  isRegistered(tenant: string, sipAccount: string): boolean;
  /** The mixer of a call (`mediaGroup`) where its legs' media runs; without it, a Mixer in this process. */
  mixer?(group: string): CallMixer;
}
