import type { SdpProblem } from './sdp.ts';
import type { WavError } from './wav.ts';

export type MediaErrorCode =
  | SdpProblem['code']
  | 'negotiation-failed' // werift refused a description that passed our own checks
  | `wav-${WavError['code']}`
  | 'file-unreadable';

/**
 * Why the customer could not answer or offer. The engine's API is promises (it
 * opens sockets), so an expected failure arrives as a rejection with this typed
 * error; the pure checks underneath (`inspectOffer`, `readWav`) return values.
 */
export class MediaError extends Error {
  override readonly name = 'MediaError';
  constructor(
    readonly code: MediaErrorCode,
    message: string,
  ) {
    super(message);
  }

  /**
   * The SIP final response for this failure: RFC 3261 §21.4.26 488 Not
   * Acceptable Here when the offer cannot be served, 500 for the simulator's
   * own trouble (a behaviour naming a missing or unsupported WAV file).
   */
  get sipStatus(): 488 | 500 {
    return this.code.startsWith('wav-') || this.code === 'file-unreadable' ? 500 : 488;
  }
}
