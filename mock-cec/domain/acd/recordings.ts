/**
 * What the simulator keeps of its calls' audio (issue 13 item 10): per
 * recorded leg, what the customer heard (the agent's audio, decoded to 8 kHz
 * 16-bit PCM, or the hold tone) and what it sent, in memory under a tenant's
 * byte budget. Over the budget the oldest recordings go first; a recording
 * that alone fills the budget stops growing. Pure: the caller journals.
 */

/** Which way of the leg: heard by the customer, or sent by it. */
export type RecordedWay = 'heard' | 'sent';

export type RecordingEnd = 'stoprecord' | 'call-ended' | 'reset';

export interface Recording {
  /** `<callId>-<n>-<way>`: unique in the tenant. */
  readonly id: string;
  readonly callId: string;
  /** The vendor's recording task (AgentMediaEvent_Record's taskId). */
  readonly taskId: number;
  readonly workNo: number;
  readonly sipCallId: string;
  readonly way: RecordedWay;
  readonly beginTime: number;
  endTime?: number;
  endedBy?: RecordingEnd;
  /** It reached the budget alone and stopped growing. */
  truncated: boolean;
  samples: number;
  readonly chunks: Int16Array[];
}

/** What one dropped or truncated recording says to the journal. */
export interface BudgetNote {
  recording: Recording;
  what: 'dropped' | 'truncated';
}

export interface RecordingsOptions {
  /** The tenant's cap in bytes of PCM (2 bytes a sample). */
  budgetBytes(): number;
  now(): number;
  /** A recording was dropped (oldest first) or stopped growing: journal it. */
  overBudget(note: BudgetNote): void;
}

export class Recordings {
  /** Oldest first. */
  #list: Recording[] = [];
  #bytes = 0;

  constructor(private readonly o: RecordingsOptions) {}

  start(r: Pick<Recording, 'id' | 'callId' | 'taskId' | 'workNo' | 'sipCallId' | 'way'>): Recording {
    const rec: Recording = { ...r, beginTime: this.o.now(), truncated: false, samples: 0, chunks: [] };
    this.#list.push(rec);
    return rec;
  }

  /** Keep a copy of `pcm` on a recording still going; older recordings make room. */
  append(rec: Recording, pcm: Int16Array): void {
    if (rec.endTime !== undefined || rec.truncated || !this.#list.includes(rec)) return;
    const bytes = pcm.length * 2;
    const budget = this.o.budgetBytes();
    while (this.#bytes + bytes > budget) {
      const oldest = this.#list.find((r) => r !== rec);
      if (!oldest) {
        rec.truncated = true;
        this.o.overBudget({ recording: rec, what: 'truncated' });
        return;
      }
      this.#drop(oldest);
      this.o.overBudget({ recording: oldest, what: 'dropped' });
    }
    rec.chunks.push(pcm.slice());
    rec.samples += pcm.length;
    this.#bytes += bytes;
  }

  stop(rec: Recording, by: RecordingEnd): void {
    if (rec.endTime !== undefined) return;
    rec.endTime = this.o.now();
    rec.endedBy = by;
  }

  forCall(callId: string): Recording[] {
    return this.#list.filter((r) => r.callId === callId);
  }

  get(id: string): Recording | undefined {
    return this.#list.find((r) => r.id === id);
  }

  /** Bytes of PCM kept, every recording together. */
  get bytes(): number {
    return this.#bytes;
  }

  clear(): void {
    this.#list = [];
    this.#bytes = 0;
  }

  #drop(rec: Recording): void {
    this.#list = this.#list.filter((r) => r !== rec);
    this.#bytes -= rec.samples * 2;
  }
}

/** A recording's samples as one array. */
export function samplesOf(rec: Recording): Int16Array {
  const out = new Int16Array(rec.samples);
  let at = 0;
  for (const chunk of rec.chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** What the control API shows of a recording. */
export function recordingView(rec: Recording) {
  return {
    id: rec.id,
    callId: rec.callId,
    taskId: rec.taskId,
    workNo: rec.workNo,
    sipCallId: rec.sipCallId,
    way: rec.way,
    state: rec.endTime === undefined ? ('recording' as const) : ('stopped' as const),
    beginTime: rec.beginTime,
    endTime: rec.endTime ?? null,
    endedBy: rec.endedBy ?? null,
    truncated: rec.truncated,
    samples: rec.samples,
    durationMs: Math.round((rec.samples * 1000) / 8000),
  };
}

export type RecordingView = ReturnType<typeof recordingView>;
