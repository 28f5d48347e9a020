import type { AudioFigures } from '../softphone/audio-figures.ts';
import type { Registration } from '../softphone/browser-softphone.ts';

export type { AudioFigures, Registration };

/** How long an actor waits for the page before it gives up (ms); actors default to 5 s: fail fast. */
export interface Wait {
  timeout?: number;
}

export const DEFAULT_WAIT_MS = 5000;

/** A phone's call, as its user sees it. */
export type PhoneCall = 'idle' | 'ringing' | 'calling' | 'talking';

/**
 * An agent's softphone, whichever it is: the integration page's own
 * (DeskPhone) or the OpenEye stand-in (OpenEyePhone). What tests and the
 * scenario runner do with a phone, and what `toHaveAudioBothWays` reads.
 */
export interface Phone {
  /** For messages: "agent 70101's OpenEye phone (88070101)". */
  readonly label: string;
  readonly kind: 'desk' | 'openeye';
  registration(): Promise<Registration>;
  /** Its call as its user sees it: idle, ringing, calling, talking. */
  callState(): Promise<PhoneCall>;
  /** Answer the ringing call (waits for one to ring). */
  answer(o?: Wait): Promise<void>;
  /** Hang up, or decline a ringing call. */
  hangup(o?: Wait): Promise<void>;
  /** Close the phone's SIP WebSocket as a failing network would; false when it had none open. */
  dropConnection(): Promise<boolean>;
  /** Audio figures of its call, both ways (cumulative counters; compare two readings). */
  audio(): Promise<AudioFigures>;
}
