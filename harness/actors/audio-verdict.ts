import { type AudioFigures, NO_AUDIO } from '../softphone/audio-figures.ts';

/**
 * Which way audio flows on an agent's call, seen from the agent:
 * - `both`: the agent hears sound and the customer hears the agent;
 * - `in`: the agent hears sound, the customer hears nothing;
 * - `out`: the customer hears the agent, the agent receives nothing;
 * - `silent`: packets reach the agent but carry no sound ("packets but no sound");
 * - `none`: nothing either way.
 * Judged from two readings of the cumulative counters (WebRTC stats on the
 * phone, the simulator's counters on the customer's leg): rises, not levels.
 */
export type AudioFlow = 'both' | 'in' | 'out' | 'silent' | 'none';

export const AUDIO_FLOWS: readonly AudioFlow[] = ['both', 'in', 'out', 'silent', 'none'];

export interface AudioReading {
  phone: AudioFigures;
  /** The customer's leg, when the call has one the simulator can report. */
  customer?: AudioFigures;
}

export interface VerdictOptions {
  /** Packets that prove a direction flows (default 10: 200 ms of 20 ms frames, each rising in energy). */
  minPackets?: number;
  /**
   * Packets the phone must have sent before an absence is believed (default
   * 25: half a second of its own audio; both directions start together once
   * DTLS is up). Until then, "nothing arrived" may just be "not yet".
   */
  windowPackets?: number;
}

export type Verdict = { decided: true; flow: AudioFlow; why: string } | { decided: false; why: string };

/** Audio is proven on a call when the verdict is decided and it is `both`; any other verdict says why not. */
export function provenBothWays(v: Verdict): boolean {
  return v.decided && v.flow === 'both';
}

/** The words of a verdict that did not prove audio both ways: the flow it found (if any) and the figures. */
export function unproven(v: Verdict): string {
  return v.decided ? `audio ${v.flow}: ${v.why}` : v.why;
}

export function judgeAudio(before: AudioReading, now: AudioReading, o: VerdictOptions = {}): Verdict {
  const min = o.minPackets ?? 10;
  const window = o.windowPackets ?? 25;
  const phoneIn = rise(before.phone.received, now.phone.received);
  const phoneOut = now.phone.sent.packets - before.phone.sent.packets;
  const customerIn =
    now.customer && before.customer ? rise(before.customer.received, now.customer.received) : undefined;
  const customerOut =
    now.customer && before.customer ? now.customer.sent.packets - before.customer.sent.packets : 0;
  const figures = describeRise(phoneIn, phoneOut, customerIn, customerOut);

  if (!now.phone.active)
    return { decided: true, flow: 'none', why: `no call with media on the phone (${figures})` };
  if (now.phone.dtlsState === 'failed' || now.phone.dtlsState === 'closed') {
    return {
      decided: true,
      flow: 'none',
      why: `the media connection is ${now.phone.dtlsState} (${figures})`,
    };
  }
  const windowDone = phoneOut >= window;
  const hears = phoneIn.packets >= min && phoneIn.energy > 0;
  // The customer's own window: it sends from the moment its DTLS is connected, and drops what arrives
  // before, so its sending is the clock of its listening (the phone's may run ahead of it on a busy
  // machine). A customer that sends nothing by design is believed deaf after twice the phone's window.
  const customerUp = customerOut >= window || phoneOut >= 2 * window;
  // Silence is a claim about what the line carries, so it takes twice the window of packets in, played
  // out (until its audio plays Chromium measures no energy at all, and on a busy machine its jitter
  // buffer fills with made-up audio first), from a customer up for its own window (an echo customer
  // sends silence until it has heard something).
  const played = playedRise(before.phone, now.phone);
  const playedEnough = played === undefined || played >= (0.8 * window * FRAME_MS) / 1000;
  const hearsSilence = phoneIn.packets >= 2 * window && phoneIn.energy === 0 && playedEnough && customerUp;
  // Without the customer's counters, the phone's own sending is the best sign that it is heard.
  const heard = customerIn ? customerIn.packets >= min && customerIn.energy > 0 : phoneOut >= min;
  const unheard = customerIn ? customerIn.energy === 0 && customerUp : false;

  if (hears && heard) return { decided: true, flow: 'both', why: figures };
  if (hearsSilence && windowDone) return { decided: true, flow: 'silent', why: figures };
  if (!windowDone) return { decided: false, why: `still measuring (${figures})` };
  if (hears && unheard) return { decided: true, flow: 'in', why: figures };
  if (phoneIn.packets === 0 && heard) return { decided: true, flow: 'out', why: figures };
  if (phoneIn.packets === 0 && (unheard || !customerIn)) return { decided: true, flow: 'none', why: figures };
  return { decided: false, why: `no clear direction yet (${figures})` };
}

interface Rise {
  packets: number;
  energy: number;
}

/** What moved between two readings of one call, in packets: the figures a load run reports. */
export interface AudioRise {
  /** Packets the phone received (customer → agent). */
  toPhone: number;
  /** Packets the customer received (agent → customer); 0 without the customer's figures. */
  toCustomer: number;
  /** Packets each side sent: what could have arrived. */
  sentByPhone: number;
  sentByCustomer: number;
  /** Packets the phone found missing (its own count, free of sampling skew). */
  lostToPhone: number;
}

export function audioRise(before: AudioReading, now: AudioReading): AudioRise {
  const customer = (r: AudioReading) => r.customer ?? NO_AUDIO;
  return {
    toPhone: now.phone.received.packets - before.phone.received.packets,
    toCustomer: customer(now).received.packets - customer(before).received.packets,
    sentByPhone: now.phone.sent.packets - before.phone.sent.packets,
    sentByCustomer: customer(now).sent.packets - customer(before).sent.packets,
    lostToPhone: now.phone.received.lost - before.phone.received.lost,
  };
}

/** A packet's audio, in ms (20 ms frames). */
const FRAME_MS = 20;

/** Seconds the phone played out between two readings, when it reports them. */
function playedRise(a: AudioFigures, b: AudioFigures): number | undefined {
  const x = a.received.playedSeconds;
  const y = b.received.playedSeconds;
  return x === undefined || y === undefined ? undefined : y - x;
}

function rise(a: AudioFigures['received'], b: AudioFigures['received']): Rise {
  return { packets: b.packets - a.packets, energy: b.energy - a.energy };
}

function describeRise(
  phoneIn: Rise,
  phoneOut: number,
  customerIn: Rise | undefined,
  customerOut: number,
): string {
  const parts = [
    `phone received ${phoneIn.packets} packets, energy +${round(phoneIn.energy)}`,
    `phone sent ${phoneOut} packets`,
  ];
  if (customerIn)
    parts.push(
      `customer received ${customerIn.packets} packets, energy +${round(customerIn.energy)}`,
      `customer sent ${customerOut} packets`,
    );
  return parts.join('; ');
}

function round(n: number): string {
  return n === 0 ? '0' : n < 0.001 ? n.toExponential(1) : n.toFixed(3);
}
