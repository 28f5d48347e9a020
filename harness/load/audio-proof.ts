/**
 * Whether a call carries audio both ways, from two samples taken after answer
 * (NOTES-platform.md, "Proving that audio flows"): on the phone, Chromium's
 * `inbound-rtp` packetsReceived and totalAudioEnergy rise and DTLS is
 * connected; on the customer's leg, packetsReceived and audioEnergyReceived
 * rise. Rises, not levels: what counts is what arrived after the answer.
 */
export interface AudioSample {
  phone: {
    packetsReceived: number;
    packetsLost: number;
    packetsSent: number;
    totalAudioEnergy: number;
    dtlsState: string;
  };
  customer: { packetsReceived: number; packetsSent: number; audioEnergyReceived: number };
}

export interface AudioRise {
  /** Packets the phone received between the samples (customer → agent). */
  toPhone: number;
  /** Packets the customer received between the samples (agent → customer). */
  toCustomer: number;
  /** Packets the customer and the phone sent between the samples: what could have arrived. */
  sentByCustomer: number;
  sentByPhone: number;
  /** Packets the phone found missing between the samples (its own count, free of sampling skew). */
  lostToPhone: number;
}

export type AudioVerdict =
  | { proven: true; rise: AudioRise }
  | { proven: false; rise: AudioRise; reasons: string[] };

/** 25 packets is half a second of 20 ms frames: enough to tell flowing audio from a stray packet. */
export const MIN_PACKETS = 25;

export function judgeAudio(before: AudioSample, after: AudioSample, minPackets = MIN_PACKETS): AudioVerdict {
  const rise: AudioRise = {
    toPhone: after.phone.packetsReceived - before.phone.packetsReceived,
    toCustomer: after.customer.packetsReceived - before.customer.packetsReceived,
    sentByCustomer: after.customer.packetsSent - before.customer.packetsSent,
    sentByPhone: after.phone.packetsSent - before.phone.packetsSent,
    lostToPhone: after.phone.packetsLost - before.phone.packetsLost,
  };
  const reasons: string[] = [];
  const phoneEnergy = after.phone.totalAudioEnergy - before.phone.totalAudioEnergy;
  const customerEnergy = after.customer.audioEnergyReceived - before.customer.audioEnergyReceived;
  if (after.phone.dtlsState !== 'connected') reasons.push(`phone DTLS ${after.phone.dtlsState}`);
  if (rise.toPhone < minPackets)
    reasons.push(`phone received ${rise.toPhone} of ${rise.sentByCustomer} packets the customer sent`);
  else if (!(phoneEnergy > 0)) reasons.push(`phone received ${rise.toPhone} packets but no sound`);
  if (rise.toCustomer < minPackets)
    reasons.push(`customer received ${rise.toCustomer} of ${rise.sentByPhone} packets the phone sent`);
  else if (!(customerEnergy > 0)) reasons.push(`customer received ${rise.toCustomer} packets but no sound`);
  return reasons.length === 0 ? { proven: true, rise } : { proven: false, rise, reasons };
}
