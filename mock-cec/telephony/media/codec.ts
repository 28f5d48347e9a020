import type { G711Law } from './g711.ts';

/** A G.711 codec as negotiated in SDP: its name, payload type and companding law. */
export interface G711Codec {
  name: 'PCMU' | 'PCMA';
  payloadType: number;
  law: G711Law;
}

/** RFC 3551 §6: the static payload types, valid without an a=rtpmap line. */
export const PCMU: G711Codec = { name: 'PCMU', payloadType: 0, law: 'mulaw' };
export const PCMA: G711Codec = { name: 'PCMA', payloadType: 8, law: 'alaw' };

/** What we offer and accept, in order of preference (μ-law first, as most softphones). */
export const G711_CODECS: readonly G711Codec[] = [PCMU, PCMA];

/** RFC 4733 telephone-event: the dynamic payload type we offer for DTMF. */
export const TELEPHONE_EVENT_PT = 101;

/**
 * The law of an incoming packet, from its payload type and what was
 * negotiated; undefined for what is not G.711 audio (DTMF, comfort noise).
 */
export function lawOf(payloadType: number, negotiated: readonly G711Codec[]): G711Law | undefined {
  return negotiated.find((c) => c.payloadType === payloadType)?.law;
}
