import { watchAudio } from '../../actors/audio-watch.ts';
import type { CallView, RecordingView } from '../../actors/control-types.ts';
import { legAudio } from '../../actors/customer.ts';
import { judgeRecording, type RecordedAudio } from '../../actors/recorded-audio.ts';
import { waitFor } from '../../actors/wait-for.ts';
import { fail, pass, type StepHandler } from '../step-handler.ts';
import type { ScenarioWorld } from '../world.ts';
import { type HearingReading, judgeHearing } from './hearing.ts';

/** Expectations on calls: the audio on an agent's call, the CEC's record of a call. */

export const expectAudio: StepHandler<'expectAudio'> = async ({ agent, is }, { world, timeout }) => {
  const phone = world.phone(agent);
  const leg = world.customerLegReader(agent);
  // Both ends at once: a look costs one round trip, and the two counters are read at the same moment.
  const read = async () => {
    const [figures, customer] = await Promise.all([phone.audio(), leg()]);
    return { phone: figures, customer: legAudio(customer) };
  };
  const watch = await watchAudio(read, is, { timeout });
  return watch.ok ? pass(watch.verdict.why) : fail(`${phone.label}: expected audio ${is}; ${watch.seen}`);
};

export const expectDigits: StepHandler<'expectDigits'> = async ({ agent, digits }, { world, timeout }) => {
  const leg = world.customerLegReader(agent);
  const found = await waitFor(
    async () => (await leg())?.digits,
    (d) => (d === digits ? 'pass' : d !== undefined && !digits.startsWith(d) ? 'fail' : 'wait'),
    { timeout, interval: 50 },
  );
  if (found.outcome === 'pass') return pass(digits);
  const got = found.value === undefined ? 'no customer call' : `"${found.value}"`;
  return fail(`expected the customer on agent ${agent}'s call to have received "${digits}"; it has ${got}`);
};

export const expectCall: StepHandler<'expectCall'> = async (
  { customer, agent, state, endReason, offers },
  { world, timeout },
) => {
  const workNo = agent === undefined ? undefined : world.user(agent).workNo;
  if (customer !== undefined && world.customer(customer).last?.kind === 'direct') {
    return fail(
      `customer ${customer}'s last call is a direct dial, which the CEC keeps no call record of: expect on the agent's phone (expectPhone) or the journal (expectSip)`,
    );
  }
  const look = () => callOf(world, customer, workNo);
  const fits = (c: CallView | undefined) =>
    c !== undefined &&
    c.state === state &&
    (endReason === undefined || c.endReason === endReason) &&
    (offers === undefined || c.offers === offers) &&
    (workNo === undefined || c.agent === workNo);
  // An ended call never changes again: the customer's call ended otherwise than wanted is decided at once.
  // (An agent's "last call" may be an older one while the next is on its way, so that one waits.)
  const decided = (c: CallView | undefined) => customer !== undefined && c?.state === 'ended' && !fits(c);
  const found = await waitFor(look, (c) => (fits(c) ? 'pass' : decided(c) ? 'fail' : 'wait'), {
    timeout,
    interval: 100,
  });
  if (found.outcome === 'pass') return pass(found.value!.id);
  const c = found.value;
  const named = agent === undefined ? undefined : world.agentName(agent);
  const whose = customer ? `customer ${customer}'s call` : `${named}'s call`;
  const want = [
    state,
    endReason && `ended by ${endReason}`,
    offers !== undefined && `${offers} offers`,
    named && `with ${named}`,
  ]
    .filter(Boolean)
    .join(', ');
  const is = c
    ? `${c.state}${c.endReason ? ` (${c.endReason})` : ''}, ${c.offers} offers, agent ${c.agent ?? 'none'}`
    : 'no such call';
  if (found.outcome === 'fail') return fail(`expected ${whose} to be ${want}; it has already ended: ${is}`);
  return fail(`expected ${whose} to be ${want} within ${timeout} ms; it is ${is}`);
};

interface RecordingLook {
  call?: CallView;
  heard?: RecordingView;
  audio?: RecordedAudio;
  shown?: boolean;
}

/**
 * The recording of the agent's call, as QA checks it: the platform's state
 * of it, the WAV of what the customer heard (fetched through the control API
 * and judged by its level), and the bar's indicator.
 */
export const expectRecording: StepHandler<'expectRecording'> = async (
  { agent, state, heard, minMs, bar },
  { world, timeout },
) => {
  const workNo = world.user(agent).workNo;
  const look = async (): Promise<RecordingLook> => {
    const call = await callOf(world, undefined, workNo);
    if (!call) return {};
    const rec = (await world.cec.recordings(call.id)).find((r) => r.way === 'heard');
    const wanted = heard !== undefined || minMs !== undefined;
    const audio = rec && wanted ? judgeRecording(await world.cec.recordingWav(call.id, rec.id)) : undefined;
    const shown = bar === undefined ? undefined : await world.openedDesk(agent).bar.recording();
    return { call, heard: rec, audio, shown };
  };
  const fits = (l: RecordingLook) =>
    l.heard !== undefined &&
    (state === undefined || l.heard.state === state) &&
    (heard === undefined || (l.audio?.ok === true && l.audio.sound === (heard === 'sound'))) &&
    (minMs === undefined || (l.audio?.ok === true && l.audio.ms >= minMs)) &&
    (bar === undefined || l.shown === bar);
  const found = await waitFor(look, (l) => (fits(l) ? 'pass' : 'wait'), { timeout, interval: 200 });
  const l = found.value;
  const said = [
    l.heard && `${l.heard.state}${l.heard.endedBy ? ` (${l.heard.endedBy})` : ''}`,
    l.audio && (l.audio.ok ? `heard ${l.audio.why}` : l.audio.why),
    l.shown !== undefined && `the bar ${l.shown ? 'shows' : 'does not show'} Recording`,
  ]
    .filter(Boolean)
    .join('; ');
  if (found.outcome === 'pass') return pass(said);
  const want = [
    state,
    heard && `the customer heard ${heard}`,
    minMs !== undefined && `at least ${minMs} ms`,
    bar !== undefined && `the bar ${bar ? 'showing' : 'not showing'} Recording`,
  ]
    .filter(Boolean)
    .join(', ');
  const is = !l.call ? 'no call' : !l.heard ? `call ${l.call.id} is not recorded` : said;
  return fail(
    `expected the recording of ${world.agentName(agent)}'s call to be ${want} within ${timeout} ms; ${is}`,
  );
};

/** The customer's last queue call, else the agent's current call, else its last one. */
async function callOf(world: ScenarioWorld, customer: string | undefined, workNo: number | undefined) {
  const calls = await world.cec.calls();
  if (customer !== undefined) {
    const last = world.customer(customer).last;
    return last ? calls.find((c) => c.id === last.id) : undefined;
  }
  const current = (await world.cec.agent(workNo!))?.callId;
  return calls.find((c) => c.id === current) ?? calls.filter((c) => c.agent === workNo).at(-1);
}

/**
 * Who hears whom on the agent's call: the customer's mixer's books (from the
 * control API's call view) and, for an agent listener, its phone's received
 * audio energy (harness/scenario/expectations/hearing.ts decides).
 */
export const expectHearing: StepHandler<'expectHearing'> = async (
  { agent, customer, who, hears, notHears },
  { world, timeout },
) => {
  const callId =
    agent !== undefined
      ? (await world.cec.agent(world.user(agent).workNo))?.callId
      : world.customer(customer!).last?.id;
  if (!callId)
    return fail(`${agent !== undefined ? world.agentName(agent) : `customer ${customer}`} has no call`);
  type Party = 'customer' | number | { outside: string } | { ivr: string };
  const id = (p: Party) =>
    p === 'customer'
      ? 'customer'
      : typeof p === 'number'
        ? `agent ${world.user(p).workNo}`
        : 'outside' in p
          ? `outside ${p.outside}`
          : `ivr ${p.ivr}`;
  const name = (p: Party) =>
    p === 'customer'
      ? 'the customer'
      : typeof p === 'number'
        ? world.agentName(p)
        : 'outside' in p
          ? `outside number ${p.outside}`
          : `IVR flow ${p.ivr}`;
  // An absence is believed after half a second of the mixer's clock (as expectAudio's window), or a
  // second of wall time when no other flow of the listener or the absent party runs.
  const ask = {
    who: id(who),
    hears: hears.map(id),
    notHears: notHears.map(id),
    quietFrames: 25,
    quietMs: 1000,
  };
  const listener = typeof who === 'number' ? world.phone(who) : undefined;
  const read = async (): Promise<HearingReading & { settled: boolean }> => {
    const [calls, phone] = await Promise.all([world.cec.calls(), listener?.audio()]);
    const call = calls.find((c) => c.id === callId);
    return {
      flows: call?.mix ?? [],
      settled: call?.mixSettled ?? true,
      phoneEnergy: phone?.received.energy,
      at: Date.now(),
    };
  };
  // The baseline counts under the routes of now: a media worker's figures lag a change by up to a push.
  const baseline = await waitFor(read, (r) => (r.settled ? 'pass' : 'wait'), { timeout, interval: 20 });
  if (baseline.outcome !== 'pass')
    return fail(`the call's mixer never reported its figures under its current routes (media worker)`);
  const before = baseline.value;
  const found = await waitFor(
    async () => judgeHearing(before, await read(), ask),
    (v) => v.done,
    { timeout, interval: 50 },
  );
  if (found.outcome !== 'pass' && (await read()).flows.length === 0) {
    return fail(
      `the call has no mixer (the customer's media mixes only once a second agent's leg or an outside party is up): use expectAudio for a two-party call`,
    );
  }
  const said = `${name(who)} hears ${hears.map(name).join(', ') || 'nobody asked'}${notHears.length ? `, not ${notHears.map(name).join(', ')}` : ''}`;
  return found.outcome === 'pass' ? pass(found.value.why) : fail(`expected ${said}; ${found.value.why}`);
};
