import type { NewEntry } from '../../infrastructure/journal/journal.ts';
import type { TenantRuntime } from '../../infrastructure/state/tenant-runtime.ts';
import type { AgentBook, AgentRecord } from '../agents/agent-book.ts';
import { recordEvents, stopRecordEvents } from '../agents/agent-events.ts';
import type { CallLeg } from '../calls/customer-calls.ts';
import type { CallRecord } from './call-record.ts';
import { type Recording, type RecordingEnd, Recordings } from './recordings.ts';

export interface RecorderContext {
  tenant: TenantRuntime;
  agents: AgentBook;
  append(entry: NewEntry): void;
  nextCorr(): string;
}

/** One recording task of the platform: a connected call's agent leg, both ways. */
interface Task {
  readonly taskId: number;
  readonly callId: string;
  readonly workNo: number;
  readonly beginTime: number;
  readonly leg: CallLeg;
  readonly ways: readonly Recording[];
}

/** The vendor's task ids in its examples are four-digit numbers. [choice: from 5001 a tenant] */
const FIRST_TASK = 5001;

/**
 * The platform's voice recording (docs/vendor/recording.md): when the tenant
 * records calls, a call that connects is recorded from then on — the agent's
 * leg, what the customer heard and what it sent — until `stoprecord` or the
 * call's end. The agent gets AgentMediaEvent_Record at the start and
 * AgentMediaEvent_StopRecordDone when stoprecord stops it; every start, stop
 * and budget drop is journaled.
 */
export class CallRecorder {
  readonly store: Recordings;
  readonly #tasks = new Map<string, Task>();
  #nextTask = FIRST_TASK;

  constructor(private readonly ctx: RecorderContext) {
    this.store = new Recordings({
      budgetBytes: () => ctx.tenant.config.recording.budgetBytes,
      now: () => ctx.tenant.now(),
      overBudget: ({ recording, what }) =>
        this.#journal(
          recording.callId,
          `recording ${what}`,
          `${recording.id}: the tenant's recording.budgetBytes (${ctx.tenant.config.recording.budgetBytes}) is full`,
          ctx.nextCorr(),
        ),
    });
  }

  /** A call connected with the agent on `leg`: record it when the tenant records calls. */
  connected(call: CallRecord, agent: AgentRecord, leg: CallLeg | undefined, corr: string): void {
    if (!this.ctx.tenant.config.recording.enabled || !leg || this.#tasks.has(call.id)) return;
    const taskId = this.#nextTask++;
    const beginTime = this.ctx.tenant.now();
    const start = (way: 'heard' | 'sent') =>
      this.store.start({
        id: `${call.id}-${taskId}-${way}`,
        callId: call.id,
        taskId,
        workNo: agent.workNo,
        sipCallId: leg.sipCallId,
        way,
      });
    const heard = start('heard');
    const sent = start('sent');
    const task: Task = { taskId, callId: call.id, workNo: agent.workNo, beginTime, leg, ways: [heard, sent] };
    this.#tasks.set(call.id, task);
    leg.record({
      heard: (pcm) => this.store.append(heard, pcm),
      sent: (pcm) => this.store.append(sent, pcm),
    });
    leg.on('ended', () => this.#finish(task, 'call-ended', this.ctx.nextCorr()));
    const { vdnId, ccId } = this.ctx.tenant.config;
    const { date, time } = stamp(beginTime);
    const serial = `${time}${taskId % 10}`;
    this.#journal(call.id, 'recording started', `task ${taskId}, leg ${leg.sipCallId}`, corr);
    this.ctx.agents.emit(
      agent,
      recordEvents({
        taskId,
        caller: call.caller,
        called: call.called,
        locationId: '0',
        recordID: `Yc${ccId}v${vdnId}a${agent.workNo}d${date}t${serial}`,
        fileName: `Y:/${vdnId}/0/${date}/${agent.workNo}/${serial}.V3`,
        fileMediaType: '1',
        callId: call.id,
      }),
      corr,
    );
  }

  isRecording(callId: string): boolean {
    return this.#tasks.has(callId);
  }

  /** `stoprecord`: stop the recording of the agent's call; false when it is not being recorded. */
  stop(callId: string, agent: AgentRecord, corr: string): boolean {
    const task = this.#tasks.get(callId);
    if (!task) return false;
    this.#finish(task, 'stoprecord', corr);
    this.ctx.agents.emit(
      agent,
      stopRecordEvents({
        beginTime: task.beginTime,
        endTime: this.ctx.tenant.now(),
        fileMediaType: '1',
        taskId: task.taskId,
      }),
      corr,
    );
    return true;
  }

  /** Tenant reset: recordings and tasks go. */
  reset(): void {
    for (const task of this.#tasks.values()) task.leg.record(undefined);
    this.#tasks.clear();
    this.store.clear();
    this.#nextTask = FIRST_TASK;
  }

  #finish(task: Task, by: RecordingEnd, corr: string): void {
    if (this.#tasks.get(task.callId) !== task) return;
    this.#tasks.delete(task.callId);
    task.leg.record(undefined);
    for (const rec of task.ways) this.store.stop(rec, by);
    const [heard] = task.ways;
    this.#journal(
      task.callId,
      'recording stopped',
      `task ${task.taskId} by ${by}: ${Math.round(((heard?.samples ?? 0) * 1000) / 8000)} ms heard`,
      corr,
    );
  }

  #journal(callId: string, event: string, detail: string, corr: string): void {
    this.ctx.append({
      kind: 'media',
      at: this.ctx.tenant.now(),
      tenant: this.ctx.tenant.id,
      corr,
      callId,
      event,
      detail,
    });
  }
}

/** `yyyymmdd` and `hhmmss` of an epoch ms, in UTC. */
function stamp(ms: number): { date: string; time: string } {
  const iso = new Date(ms).toISOString();
  return { date: iso.slice(0, 10).replaceAll('-', ''), time: iso.slice(11, 19).replaceAll(':', '') };
}
