import type { NewEntry } from '../../infrastructure/journal/journal.ts';
import type { Cancel } from '../../infrastructure/primitives/timers.ts';
import type { TenantRuntime } from '../../infrastructure/state/tenant-runtime.ts';
import type { Acd } from '../acd/acd.ts';
import { callFacts } from '../acd/call-record.ts';
import {
  type AfterCallWish,
  type AgentBook,
  type AgentRecord,
  isSignedIn,
  type SignedInAgent,
} from '../agents/agent-book.ts';
import {
  changeEvents,
  holdEvents,
  restTimeoutEvents,
  signInEvents,
  signOutEvents,
  takeBackEvents,
  wrapUpOverEvents,
} from '../agents/agent-events.ts';
import { inCall, isResting } from '../agents/agent-state.ts';
import type { ConfJoinRequest, InnerHelpRequest } from './consult-request.ts';
import type { EventPolls } from './event-polls.ts';
import type { GuidSessions } from './guid-sessions.ts';
import { done, type OpResult, refuse } from './op-result.ts';
import { PHONE_PATTERN, type SignInInput } from './sign-in-request.ts';
import type { TransferRequest } from './transfer-request.ts';

export interface DeskContext {
  tenant: TenantRuntime;
  agents: AgentBook;
  sessions: GuidSessions;
  polls: EventPolls;
  acd: Acd;
  append(entry: NewEntry): void;
  nextCorr(): string;
}

/** Wrong passwords in a row before the account locks, and for how long. [choice: the vendor documents 110-016 only] */
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MS = 30 * 60_000;

/** State operations answer an empty result object: `{"result": {}, "message": "success", "retcode": "0"}` (cec_07_1213). */
const STATE_RESULT = {};

export type StateRequest =
  | { op: 'sayfree' | 'cancelbusy' | 'cancelrest' | 'cancelwork' | 'work' }
  | { op: 'saybusy'; reason: number }
  | { op: 'rest'; seconds: number; reason: number };

/**
 * The agent gateway's rules for one tenant (docs/vendor/agent-gateway.md): who may sign
 * in, what each request does to the agent, and which retcode answers a request
 * that breaks a rule. Routes parse HTTP and write envelopes; the ACD moves calls.
 */
export class GatewayDesk {
  readonly #failures = new Map<number, { count: number; lockedUntil: number }>();
  readonly #lastPoll = new Map<number, number>();
  readonly #idleTimers = new Map<number, Cancel>();
  readonly #restTimers = new Map<number, Cancel>();
  /** After-call work that ends by itself (acd.wrapUpMs), by agent. */
  readonly #wrapUps = new Map<number, { cancel: Cancel; endsAt: number }>();

  constructor(private readonly ctx: DeskContext) {}

  /** The checks in front of every request but sign-in: signed in (100-006), then a valid GUID (000-003). */
  authorize(
    workNo: number,
    guid: string | undefined,
  ): { ok: true; agent: SignedInAgent } | { ok: false; result: OpResult } {
    const agent = this.ctx.agents.get(workNo);
    if (!agent || !isSignedIn(agent)) return { ok: false, result: refuse('100-006') };
    const check = this.ctx.sessions.check(workNo, guid, this.ctx.tenant.now());
    if (!check.ok)
      return { ok: false, result: refuse('000-003', `No permission: the guid is ${check.problem}`) };
    return { ok: true, agent };
  }

  signIn(workNo: number, input: SignInInput, force: boolean, corr: string): OpResult {
    const now = this.ctx.tenant.now();
    const agent = this.ctx.agents.get(workNo);
    // An unknown agent gets the same answer as a wrong password: no enumeration of workNos. [choice]
    if (!agent) return refuse('100-004');
    const failures = this.#failures.get(workNo);
    if (failures && now < failures.lockedUntil) return refuse('110-016');
    if (!input.ok) return refuse(input.retcode, input.message);
    const body = input.value;
    if (body.password !== agent.config.password) return this.#wrongPassword(workNo, now);
    this.#failures.delete(workNo);

    // The phone must be the agent's own softphone (the default when absent). [choice]
    const phonenum = body.phonenum ?? agent.config.sipAccount;
    if (!PHONE_PATTERN.test(phonenum))
      return refuse('100-013', 'The phone number is not a valid softphone number');
    if (phonenum !== agent.config.sipAccount) {
      return this.ctx.tenant.agentBySipAccount(phonenum)
        ? refuse('100-013', "The phone number is another agent's softphone")
        : refuse('100-014', "The phone number is not one of the tenant's softphones");
    }
    if (agent.state !== 'signed-out') {
      if (!force) return refuse('100-002');
      this.#signOut(agent, corr, 'forcelogin took over');
    }

    const session = this.ctx.sessions.open(workNo, now);
    const to = body.status === 3 ? 'busy' : body.status === 5 ? 'work' : 'idle';
    // Signed in to every configured skill, as resetskill/true would: a client that never calls
    // resetskill (the documented flow does, cec_05_4015) still gets its queues' calls. [choice]
    const login = { ...body, phonenum, loginTime: now, skills: [...agent.skills] };
    const signedIn = this.ctx.agents.signIn(agent, login, to, corr, force ? 'forcelogin' : 'sign-in');
    this.#journalSession(workNo, 'open', corr, `phone ${phonenum}`);
    this.ctx.agents.emit(agent, signInEvents(body.status), corr);
    this.#lastPoll.set(workNo, now);
    this.#watchIdle(signedIn, now);
    this.ctx.acd.distribute(corr);
    return {
      ok: true,
      setGuid: session.current.guid,
      result: {
        vdnid: this.ctx.tenant.config.vdnId,
        workno: String(workNo),
        // CTI, web chat and mail channels: checkInWebm defaults to true, so "TTF" (cec_07_1202).
        mediatype: `T${body.checkInWebm ? 'T' : 'F'}F`,
        loginTime: String(now),
        isForceChange: 'false',
        serverName: 'AgentGateway',
        timeRemaining: '90', // [choice] days before the password expires
      },
    };
  }

  /** `DELETE .../logout` (refused during a call) and `.../forcelogout` (ends the call). */
  signOut(workNo: number, guid: string | undefined, force: boolean, corr: string): OpResult {
    const agent = this.ctx.agents.get(workNo);
    if (agent?.state === 'signed-out') return refuse('100-008');
    const auth = this.authorize(workNo, guid);
    if (!auth.ok) return auth.result;
    if (!force && inCall(auth.agent.state)) return refuse('100-010');
    this.#signOut(auth.agent, corr, force ? 'forcelogout' : 'logout');
    return done();
  }

  /** The simulator is stopping: every signed-in agent is signed out, with its events (a call ends). */
  signOutAll(corr: string, why: string): number {
    let n = 0;
    for (const agent of this.ctx.agents.all()) {
      if (agent.state === 'signed-out') continue;
      this.#signOut(agent, corr, why);
      n++;
    }
    return n;
  }

  changeState(agent: AgentRecord, req: StateRequest, corr: string): OpResult {
    if (inCall(agent.state)) return this.#afterCall(agent, req);
    if (!isResting(agent.state)) return refuse('100-006');
    const from = agent.state;
    const to =
      req.op === 'saybusy' ? 'busy' : req.op === 'rest' ? 'rest' : req.op === 'work' ? 'work' : 'idle';
    const cancels = { cancelbusy: 'busy', cancelrest: 'rest', cancelwork: 'work' } as const;
    // Cancelling a state the agent is not in changes nothing. [choice]
    if (req.op in cancels && from !== cancels[req.op as keyof typeof cancels]) return done(STATE_RESULT);
    if (to === from && to !== 'busy' && to !== 'rest') return done(STATE_RESULT);
    if (req.op === 'saybusy') this.ctx.agents.setReason(agent, req.reason);
    this.#restTimers.get(agent.workNo)?.();
    this.#restTimers.delete(agent.workNo);
    this.#endWrapUpTimer(agent);
    if (to !== from) this.ctx.agents.move(agent, to, corr, req.op);
    this.ctx.agents.emit(agent, changeEvents(from, to, agent.reason), corr);
    if (req.op === 'rest') this.#startRest(agent, req.seconds * 1000);
    if (to === 'idle') this.ctx.acd.distribute(corr);
    return done(STATE_RESULT);
  }

  /** `POST .../autoanswer/{flag}`: "true" answers calls by themselves, anything else by hand (cec_07_1208). */
  setAutoAnswer(agent: AgentRecord, flag: string): OpResult {
    if (!isSignedIn(agent)) return refuse('100-006');
    this.ctx.agents.setAutoAnswer(agent, flag === 'true');
    return done(STATE_RESULT, `autoanswer ${agent.login.autoanswer}`);
  }

  /**
   * `POST .../resetskill/{autoflag}?skillid=1;2;3` (cec_07_1209): "true" signs the agent in to all
   * its configured skills; anything else to those of `skillid` that are configured for it (none
   * when skillid is empty). Waiting calls of its new queues are offered at once.
   */
  resetSkills(agent: AgentRecord, autoflag: string, skillid: string | null, corr: string): OpResult {
    if (!isSignedIn(agent)) return refuse('100-006');
    let skills: number[];
    if (autoflag === 'true') skills = [...agent.skills];
    else {
      const ids = (skillid ?? '').split(';').filter((s) => s !== '');
      if ((skillid ?? '').length > 4000 || ids.some((id) => !/^\d{1,9}$/.test(id)))
        return refuse('000-002', 'skillid must be skill ids separated by ";" (at most 4000 characters)');
      // The skills signed in to are the intersection of skillid and the configured ones (cec_07_1209).
      skills = agent.skills.filter((s) => ids.includes(String(s)));
    }
    this.ctx.agents.setSkills(agent, skills, corr);
    this.ctx.acd.distribute(corr);
    // The result is reserved (cec_07_1209): an empty object. [choice]
    return done(STATE_RESULT, `skills ${skills.join(';') || 'none'}`);
  }

  /** `GET .../agentskills` (cec_07_1206): the agent's configured skill queues, `[{name, id, mediatype}]`. */
  configuredSkills(agent: AgentRecord): OpResult {
    const { skills } = this.ctx.tenant.config;
    return done(
      agent.skills.map((id) => ({
        name: skills.find((s) => s.id === id)?.name ?? '',
        id,
        // 5: an ordinary voice or video call, the only kind a simulated skill queue takes. [choice]
        mediatype: 5,
      })),
    );
  }

  /**
   * Ask the phone to answer, and say whether it took the request: a phone that
   * refuses remote answering gets the vendor's call error (200-002) with why,
   * and the call keeps ringing for the agent to answer on the phone.
   */
  async answer(agent: AgentRecord): Promise<OpResult> {
    const asked = this.ctx.acd.answer(agent);
    if (!asked) return refuse('200-002', 'There is no ringing call to answer');
    const outcome = await asked;
    return outcome.ok ? done() : refuse('200-002', `The phone did not answer: ${outcome.why}`);
  }

  release(agent: AgentRecord, corr: string): OpResult {
    return this.ctx.acd.release(agent, corr) ? done() : refuse('200-002', 'There is no call to release');
  }

  /** `innerhelp` (docs/vendor/consult-and-conference.md): consult another agent or a skill. */
  consult(agent: SignedInAgent, req: InnerHelpRequest, corr: string): OpResult {
    return this.ctx.acd.consult(agent, req, corr);
  }

  /** `confjoin`: the consult becomes a three-party call. */
  confJoin(agent: SignedInAgent, req: ConfJoinRequest, corr: string): OpResult {
    return this.ctx.acd.confJoin(agent, req.callid, corr);
  }

  /** `dropcall/{callid}`: hang up one of the agent's calls (the help call cancels a consult). */
  dropCall(agent: SignedInAgent, callid: string, corr: string): OpResult {
    const dropped = this.ctx.acd.dropCall(agent, callid, corr);
    if (dropped === 'release') return this.release(agent, corr);
    return dropped ?? refuse('200-002', `The agent has no call ${callid}`);
  }

  /**
   * `disconnect/{number}` (cec_07_1248): release one number of the agent's
   * call. The agent's own number is its hanging up (release); the customer's,
   * in a three-party call, the customer's.
   */
  disconnect(agent: SignedInAgent, number: string, corr: string): OpResult {
    const out = this.ctx.acd.disconnect(agent, number, corr);
    if (out === 'release') {
      const released = this.release(agent, corr);
      return released.ok ? done({}, released.note) : released;
    }
    return out;
  }

  callOut(agent: SignedInAgent, called: string, caller: string | undefined, corr: string): OpResult {
    if (agent.state === 'ringing' || agent.state === 'dialing') return refuse('000-007');
    if (agent.state === 'talking') return refuse('200-002', 'The agent is already talking');
    const call = this.ctx.acd.callOut(agent, called, caller ?? agent.login.phonenum, corr);
    return done(call.id, `Call Out ${call.id} to ${called}`);
  }

  /** Transfer the agent's call (docs/vendor/transfer-and-internal-calls.md); the ACD answers the vendor's retcodes. */
  transfer(agent: SignedInAgent, req: TransferRequest, corr: string): OpResult {
    return this.ctx.acd.transfer(agent, req, corr);
  }

  /**
   * An internal call: refused like Call Out while the agent is in a call
   * (000-007 ringing or dialing, 200-002 talking); a called agent who cannot
   * take it is told by AgentEvent_Inside_Call_Fail, after the callid is answered.
   */
  callInner(
    agent: SignedInAgent,
    target: { workNo: number } | { skillId: number },
    appData: string | undefined,
    corr: string,
  ): OpResult {
    if (agent.state === 'ringing' || agent.state === 'dialing') return refuse('000-007');
    if (agent.state === 'talking') return refuse('200-002', 'The agent is already talking');
    if ('skillId' in target && !this.ctx.tenant.config.skills.some((s) => s.id === target.skillId)) {
      return refuse('000-002', `The tenant has no skill ${target.skillId}`);
    }
    const call = this.ctx.acd.callInner(agent, target, appData, corr);
    return done(
      call.id,
      `internal call ${call.id} to ${'workNo' in target ? target.workNo : `skill ${target.skillId}`}`,
    );
  }

  /**
   * `POST /voicecall/{agentid}/hold` (cec_07_1239): the customer is put on
   * hold (a re-INVITE tells the agent's phone, the customer hears the hold
   * tone) and the agent gets AgentEvent_Hold. No connected call, or a call
   * already held: 200-002. [choice: the retcode; the vendor lists none here]
   */
  hold(agent: SignedInAgent, corr: string): OpResult {
    if (agent.state !== 'talking') return refuse('200-002', 'There is no connected call to hold');
    const done_ = this.ctx.acd.hold(agent, corr);
    if (!done_) return refuse('200-002', 'There is no connected call to hold');
    if (!done_.result.ok) return refuse('200-002', 'The call is already held');
    this.ctx.agents.emit(agent, holdEvents(callFacts(done_.call)), corr);
    return done(STATE_RESULT, `held ${done_.call.id}`);
  }

  /**
   * `POST …/gethold?callid=` (cec_07_1241, callid optional) and
   * `POST …/connecthold/{callid}` (cec_07_1240): the agent takes its held call
   * back; audio flows both ways again and the agent gets AgentEvent_Talking.
   * A callid that is not the agent's held call, or no held call: 200-002. A
   * malformed callid: 000-002. [choice: connecthold with no consult in
   * progress takes the held call back, as gethold does]
   */
  takeBack(agent: SignedInAgent, callid: string | undefined, corr: string): OpResult {
    if (callid !== undefined && !/^\d+-\d+$/.test(callid))
      return refuse('000-002', 'callid must be a call id such as 1456403661-19');
    if (agent.state !== 'talking' || (callid !== undefined && callid !== agent.callId))
      return refuse('200-002', 'There is no such held call');
    const done_ = this.ctx.acd.takeBack(agent, corr);
    if (!done_?.result.ok) return refuse('200-002', 'There is no held call to take back');
    this.ctx.agents.emit(agent, takeBackEvents(callFacts(done_.call)), corr);
    return done(STATE_RESULT, `took back ${done_.call.id}`);
  }

  /**
   * `POST …/beginmute` (cec_07_1237), `POST …/endmute` (cec_07_1238): the
   * customer stops hearing the agent, and hears it again. No event: the
   * vendor names none for the gateway's mute. No connected call, already
   * muted, not muted: 200-002. [choice: the retcode]
   */
  mute(agent: SignedInAgent, on: boolean, corr: string): OpResult {
    if (agent.state !== 'talking') return refuse('200-002', 'There is no connected call to mute');
    const done_ = on ? this.ctx.acd.mute(agent, corr) : this.ctx.acd.unmute(agent, corr);
    if (!done_) return refuse('200-002', 'There is no connected call to mute');
    if (!done_.result.ok) {
      const problem = done_.result.problem.code;
      const why =
        problem === 'already-muted'
          ? 'The agent is already muted'
          : problem === 'not-muted'
            ? 'The agent is not muted'
            : 'The call is on hold: take it back first';
      return refuse('200-002', why);
    }
    return done(STATE_RESULT, `${on ? 'muted' : 'unmuted'} on ${done_.call.id}`);
  }

  /**
   * `DELETE /recordplay/{agentid}/stoprecord` (cec_07_4211): stop recording
   * the agent's connected call; the agent gets AgentMediaEvent_StopRecordDone
   * (cec_07_1383). No connected call, or a call not being recorded: 200-002
   * with a message saying which. [choice: the retcode; the page's error list
   * was not readable]
   */
  stopRecord(agent: SignedInAgent, corr: string): OpResult {
    const call = this.ctx.acd.callOf(agent);
    if (agent.state !== 'talking' || !call || call.state !== 'talking')
      return refuse('200-002', 'There is no connected call whose recording could stop');
    if (!this.ctx.acd.recorder.stop(call.id, agent, corr))
      return refuse('200-002', 'The call is not being recorded');
    return done(STATE_RESULT, `stopped recording ${call.id}`);
  }

  /**
   * A poll after the agent was signed out without a poll waiting (logout
   * between polls, not polled for 2 minutes): with one of the closed session's
   * GUIDs it still collects the events queued before the sign-out, so the
   * client sees AgentOther_ShutdownService; then 100-006. [choice]
   */
  takeFarewell(workNo: number, guid: string | undefined): OpResult | undefined {
    const agent = this.ctx.agents.get(workNo);
    if (agent?.state !== 'signed-out' || !this.ctx.sessions.wasIssued(workNo, guid)) return undefined;
    const event = this.ctx.agents.take(agent);
    if (!event) {
      this.ctx.sessions.forget(workNo);
      return undefined;
    }
    return { ok: true, envelope: { event }, note: `${event.eventType} after sign-out` };
  }

  /** A poll arrived or was answered: the agent is alive (the idle sign-out counts from here). */
  polled(workNo: number): void {
    this.#lastPoll.set(workNo, this.ctx.tenant.now());
  }

  /** A fresh GUID for the poll's Set-GUID when the current one is due to rotate. */
  rotateGuid(workNo: number, corr: string): string | undefined {
    const guid = this.ctx.sessions.rotateIfDue(workNo, this.ctx.tenant.now());
    if (guid) this.#journalSession(workNo, 'rotated', corr);
    return guid;
  }

  reset(): void {
    for (const w of this.#wrapUps.values()) w.cancel();
    this.#wrapUps.clear();
    for (const cancel of [...this.#idleTimers.values(), ...this.#restTimers.values()]) cancel();
    this.#idleTimers.clear();
    this.#restTimers.clear();
    this.#failures.clear();
    this.#lastPoll.clear();
  }

  /**
   * The ACD put the agent back in a resting state after a call; a rest asked for during it starts
   * now, and so does the tenant's wrap-up time when a connected call left the agent in wrap-up.
   */
  landed(agent: AgentRecord, info: { restMs?: number; connected?: boolean }): void {
    if (agent.state === 'rest' && info.restMs !== undefined) this.#startRest(agent, info.restMs);
    const wrapUpMs = this.ctx.tenant.config.acd.wrapUpMs;
    if (agent.state === 'work' && info.connected && wrapUpMs > 0) this.#startWrapUp(agent, wrapUpMs);
  }

  /** When the agent's after-call work ends by itself (tenant clock), while it lasts. */
  wrapUpEndsAt(workNo: number): number | undefined {
    return this.#wrapUps.get(workNo)?.endsAt;
  }

  /** saybusy, rest or work during a call take effect when it ends; sayfree and cancels drop such a wish. */
  #afterCall(agent: AgentRecord, req: StateRequest): OpResult {
    const wish: AfterCallWish | undefined =
      req.op === 'saybusy'
        ? { state: 'busy', reason: req.reason }
        : req.op === 'rest'
          ? { state: 'rest', reason: req.reason, restMs: req.seconds * 1000 }
          : req.op === 'work'
            ? { state: 'work', reason: 0 }
            : undefined;
    this.ctx.agents.wishAfterCall(agent, wish);
    return done(STATE_RESULT, `after the call: ${agent.afterCall?.state ?? 'default'}`);
  }

  /** After-call work ends by itself after the tenant's wrap-up time: Ready again, as a cancelwork would. */
  #startWrapUp(agent: AgentRecord, ms: number): void {
    this.#endWrapUpTimer(agent);
    const login = agent.login;
    const since = agent.since;
    const endsAt = this.ctx.tenant.now() + ms;
    const cancel = this.ctx.tenant.timers.after(ms, () => {
      this.#wrapUps.delete(agent.workNo);
      // Only the same wrap-up: not after a sign-out, a new sign-in or any change of state since.
      if (agent.state !== 'work' || agent.login !== login || agent.since !== since) return;
      const corr = this.ctx.nextCorr();
      this.ctx.agents.move(agent, 'idle', corr, `wrap-up time over (${ms} ms)`);
      this.ctx.agents.emit(agent, wrapUpOverEvents(), corr);
      this.ctx.acd.distribute(corr);
    });
    this.#wrapUps.set(agent.workNo, { cancel, endsAt });
  }

  #endWrapUpTimer(agent: AgentRecord): void {
    this.#wrapUps.get(agent.workNo)?.cancel();
    this.#wrapUps.delete(agent.workNo);
  }

  #startRest(agent: AgentRecord, ms: number): void {
    const login = agent.login;
    const cancel = this.ctx.tenant.timers.after(ms, () => {
      this.#restTimers.delete(agent.workNo);
      // The reminder does not end the rest (vendor: AgentState_Rest_Timeout). [doc]
      if (agent.state === 'rest' && agent.login === login) {
        this.ctx.agents.emit(agent, restTimeoutEvents(), this.ctx.nextCorr());
      }
    });
    this.#restTimers.set(agent.workNo, cancel);
  }

  #wrongPassword(workNo: number, now: number): OpResult {
    const count = (this.#failures.get(workNo)?.count ?? 0) + 1;
    const locked = count >= LOCK_AFTER_FAILURES;
    this.#failures.set(workNo, { count: locked ? 0 : count, lockedUntil: locked ? now + LOCK_MS : 0 });
    return refuse('100-004');
  }

  /**
   * Sign the agent out, whatever it is doing: its call ends, the waiting poll
   * gets AgentOther_ShutdownService, its GUIDs stop working.
   */
  #signOut(agent: AgentRecord, corr: string, why: string): void {
    if (inCall(agent.state)) this.ctx.acd.agentGone(agent, corr);
    // Queued for the next poll when none waits: the client still learns why (see takeFarewell).
    this.ctx.agents.emit(agent, signOutEvents(agent.login?.loginTime ?? this.ctx.tenant.now()), corr);
    this.ctx.sessions.close(agent.workNo);
    this.#endWrapUpTimer(agent);
    for (const timers of [this.#idleTimers, this.#restTimers]) {
      timers.get(agent.workNo)?.();
      timers.delete(agent.workNo);
    }
    this.ctx.agents.signOut(agent, corr, why);
    this.#journalSession(agent.workNo, 'closed', corr, why);
  }

  /**
   * The vendor signs out an agent not polled for 2 minutes (`idleSignOutMs`):
   * that long without a poll open, counted from the last poll's answer (or
   * its arrival while it waits). [choice]
   */
  #watchIdle(agent: AgentRecord, from: number): void {
    const login = agent.login;
    const idleMs = this.ctx.tenant.config.gateway.idleSignOutMs;
    const check = () => {
      if (agent.login !== login || agent.state === 'signed-out') return;
      const now = this.ctx.tenant.now();
      const last = this.#lastPoll.get(agent.workNo) ?? from;
      if (this.ctx.polls.isWaiting(agent.workNo)) arm(now + idleMs);
      else if (now - last >= idleMs) this.#signOut(agent, this.ctx.nextCorr(), `not polled for ${idleMs} ms`);
      else arm(last + idleMs);
    };
    const arm = (at: number) => this.#idleTimers.set(agent.workNo, this.ctx.tenant.timers.at(at, check));
    arm(from + idleMs);
  }

  #journalSession(workNo: number, to: string, corr: string, reason?: string): void {
    this.ctx.append({
      kind: 'state',
      at: this.ctx.tenant.now(),
      tenant: this.ctx.tenant.id,
      corr,
      entity: 'session',
      id: String(workNo),
      to,
      reason,
    });
  }
}
