/**
 * Audio figures of one call, both ways, from WebRTC statistics
 * (RTCPeerConnection.getStats(), W3C webrtc-stats): what the phone sent and
 * received (packets, bytes, audio energy) and the DTLS state. Pure, so the
 * same code summarises stats in the browser bundle and in Node, and is tested
 * without a browser.
 */
export interface AudioFigures {
  /** Whether a call with a media connection exists at all. */
  active: boolean;
  /** DTLS state of the media transport ('none' without one). */
  dtlsState: string;
  /**
   * When the counters were read, in ms on the reader's own clock (a phone: its stats' timestamp; a
   * customer's leg: the simulator's): a rate between two readings divides by the difference of these.
   */
  at?: number;
  sent: {
    packets: number;
    bytes: number /** Energy of the local source (the microphone). */;
    energy: number;
  };
  received: {
    packets: number;
    /** Packets that never arrived (sequence-number gaps, as Chromium counts them). */
    lost: number;
    bytes: number;
    energy: number;
    concealedSamples: number;
    /**
     * Seconds of received audio the phone has played out (inbound-rtp totalSamplesDuration), when it
     * reports them: Chromium decodes, and measures the energy of, remote audio only once it plays.
     */
    playedSeconds?: number;
  };
}

/** The stats entries that matter for audio, as plain objects (they cross from the page to Node). */
export interface AudioStat {
  type: string;
  kind?: string;
  packetsReceived?: number;
  packetsLost?: number;
  bytesReceived?: number;
  totalAudioEnergy?: number;
  concealedSamples?: number;
  totalSamplesDuration?: number;
  packetsSent?: number;
  bytesSent?: number;
  dtlsState?: string;
  timestamp?: number;
}

const KEPT = new Set(['inbound-rtp', 'outbound-rtp', 'media-source', 'transport']);

export function pickAudioStats(report: Iterable<Record<string, unknown>>): AudioStat[] {
  const out: AudioStat[] = [];
  for (const r of report) {
    if (!KEPT.has(String(r.type)) || (r.kind !== undefined && r.kind !== 'audio')) continue;
    out.push({
      type: String(r.type),
      kind: r.kind as string | undefined,
      packetsReceived: num(r.packetsReceived),
      packetsLost: num(r.packetsLost),
      bytesReceived: num(r.bytesReceived),
      totalAudioEnergy: num(r.totalAudioEnergy),
      concealedSamples: num(r.concealedSamples),
      totalSamplesDuration: num(r.totalSamplesDuration),
      packetsSent: num(r.packetsSent),
      bytesSent: num(r.bytesSent),
      dtlsState: typeof r.dtlsState === 'string' ? r.dtlsState : undefined,
      timestamp: num(r.timestamp),
    });
  }
  return out;
}

export const NO_AUDIO: AudioFigures = {
  active: false,
  dtlsState: 'none',
  sent: { packets: 0, bytes: 0, energy: 0 },
  received: { packets: 0, lost: 0, bytes: 0, energy: 0, concealedSamples: 0 },
};

export function summariseAudio(stats: readonly AudioStat[]): AudioFigures {
  const f: AudioFigures = {
    active: true,
    dtlsState: 'none',
    sent: { packets: 0, bytes: 0, energy: 0 },
    received: { packets: 0, lost: 0, bytes: 0, energy: 0, concealedSamples: 0 },
  };
  for (const s of stats) {
    if (s.timestamp !== undefined) f.at = Math.max(f.at ?? 0, s.timestamp);
    if (s.type === 'inbound-rtp') {
      f.received.packets += s.packetsReceived ?? 0;
      f.received.lost += s.packetsLost ?? 0;
      f.received.bytes += s.bytesReceived ?? 0;
      f.received.energy += s.totalAudioEnergy ?? 0;
      f.received.concealedSamples += s.concealedSamples ?? 0;
      if (s.totalSamplesDuration !== undefined)
        f.received.playedSeconds = (f.received.playedSeconds ?? 0) + s.totalSamplesDuration;
    } else if (s.type === 'outbound-rtp') {
      f.sent.packets += s.packetsSent ?? 0;
      f.sent.bytes += s.bytesSent ?? 0;
    } else if (s.type === 'media-source') {
      f.sent.energy += s.totalAudioEnergy ?? 0;
    } else if (s.type === 'transport' && s.dtlsState) {
      f.dtlsState = s.dtlsState;
    }
  }
  return f;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
