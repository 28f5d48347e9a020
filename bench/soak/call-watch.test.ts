import { MockAgent } from 'undici';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { PhoneFleet, PhoneStats } from '../../harness/softphone/phone-fleet.ts';
import { CallWatch } from './call-watch.ts';

const BASE = 'https://127.0.0.1:8043';
let agent: MockAgent;
/** What the phone page reports, by softphone number (the test moves it between samples). */
let phones: Record<string, PhoneStats>;
const fleet = { stats: async (names: string[]) => Object.fromEntries(names.map((n) => [n, phones[n]!])) };

const phone = (packets: number, energy: number, state: PhoneStats['state'] = 'talking'): PhoneStats => ({
  active: true,
  dtlsState: 'connected',
  sent: { packets, bytes: packets * 172, energy },
  received: { packets, lost: 0, bytes: packets * 172, energy, concealedSamples: 0 },
  state,
});
const media = (packets: number, energy: number) => ({
  packetsReceived: packets,
  packetsSent: packets,
  bytesReceived: packets * 172,
  bytesSent: packets * 172,
  audioEnergyReceived: energy,
});
const callView = (
  id: string,
  state: string,
  o: { agent?: number; answered?: boolean; endReason?: string } = {},
) => ({
  id,
  state,
  agent: o.agent ?? null,
  sipCallId: o.agent ? `leg-${id}` : null,
  answeredAt: o.answered ? 1 : null,
  endReason: o.endReason ?? null,
});

beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
  phones = {};
});
afterEach(() => agent.close());

function watch() {
  return new CallWatch({
    baseUrl: BASE,
    dispatcher: agent,
    tenant: 't1',
    holdMs: 20_000,
    phoneOf: (workNo) => ({ sipAccount: String(88_000_000 + workNo), fleet: fleet as unknown as PhoneFleet }),
    onProblem: () => {},
  });
}

it('places calls into the queue, counts a full queue as refused, and follows each call to its end', async () => {
  const pool = agent.get(BASE);
  pool.intercept({ path: '/__mock/calls', method: 'POST' }).reply(201, { id: 'c1', state: 'queued' });
  pool.intercept({ path: '/__mock/calls', method: 'POST' }).reply(201, { id: 'c2', state: 'queued' });
  pool
    .intercept({ path: '/__mock/calls', method: 'POST' })
    .reply(409, { error: { code: 'queue-full', message: 'full' } });
  const w = watch();
  await w.place();
  await w.place();
  await w.place();

  // First round: c1 talking (first audio sample), c2 ended unanswered.
  pool.intercept({ path: '/__mock/calls?tenant=t1', method: 'GET' }).reply(200, {
    calls: [
      callView('c1', 'talking', { agent: 101, answered: true }),
      callView('c2', 'ended', { endReason: 'abandoned' }),
    ],
  });
  pool.intercept({ path: '/__mock/sip/legs/leg-c1', method: 'GET' }).reply(200, { media: media(10, 0.1) });
  phones['88000101'] = phone(10, 0.1);
  await w.sample();
  expect(w.counts()).toMatchObject({
    placed: 3,
    refused: 1,
    answered: 1,
    endedUnanswered: 1,
    up: 1,
    proven: 0,
  });

  // Second round, 150 packets and sound later both ways: proven.
  pool.intercept({ path: '/__mock/calls?tenant=t1', method: 'GET' }).reply(200, {
    calls: [callView('c1', 'talking', { agent: 101, answered: true })],
  });
  pool.intercept({ path: '/__mock/sip/legs/leg-c1', method: 'GET' }).reply(200, { media: media(160, 2.5) });
  phones['88000101'] = phone(160, 2.5);
  await w.sample();
  expect(w.counts()).toMatchObject({ proven: 1, unproven: 0 });

  // Third round: it ended.
  pool.intercept({ path: '/__mock/calls?tenant=t1', method: 'GET' }).reply(200, {
    calls: [callView('c1', 'ended', { agent: 101, answered: true, endReason: 'customer-hangup' })],
  });
  await w.sample();
  expect(w.counts()).toEqual({
    placed: 3,
    refused: 1,
    failedToPlace: 0,
    answered: 1,
    endedUnanswered: 1,
    up: 0,
    proven: 1,
    unproven: 0,
    unprovenReasons: [],
    unansweredReasons: ['abandoned'],
  });
  expect(w.open).toBe(0);
});

it('says why a call was not proven: no sound to the phone, or sampled only once', async () => {
  const pool = agent.get(BASE);
  pool.intercept({ path: '/__mock/calls', method: 'POST' }).reply(201, { id: 'c1' });
  pool.intercept({ path: '/__mock/calls', method: 'POST' }).reply(201, { id: 'c2' });
  const w = watch();
  await w.place();
  await w.place();
  const talking = () =>
    pool.intercept({ path: '/__mock/calls?tenant=t1', method: 'GET' }).reply(200, {
      calls: [
        callView('c1', 'talking', { agent: 101, answered: true }),
        callView('c2', 'talking', { agent: 102, answered: true }),
      ],
    });
  const legs = (c1: number, c2: number) => {
    pool
      .intercept({ path: '/__mock/sip/legs/leg-c1', method: 'GET' })
      .reply(200, { media: media(c1, c1 / 10) });
    pool
      .intercept({ path: '/__mock/sip/legs/leg-c2', method: 'GET' })
      .reply(200, { media: media(c2, c2 / 10) });
  };
  // c2's phone is not talking yet at the first round (still its previous call's counters): not sampled.
  talking();
  legs(10, 10);
  phones = { '88000101': phone(10, 0.1), '88000102': phone(900, 9, 'ended') };
  await w.sample();
  // The phone of c1 hears packets but no sound; c2 gets its first sample.
  talking();
  legs(160, 160);
  phones = { '88000101': phone(160, 0.1), '88000102': phone(10, 0.1) };
  await w.sample();
  pool.intercept({ path: '/__mock/calls?tenant=t1', method: 'GET' }).reply(200, {
    calls: [
      callView('c1', 'ended', { agent: 101, answered: true, endReason: 'customer-hangup' }),
      callView('c2', 'ended', { agent: 102, answered: true, endReason: 'customer-hangup' }),
    ],
  });
  await w.sample();
  expect(w.counts()).toMatchObject({
    answered: 2,
    proven: 0,
    unproven: 2,
    unprovenReasons: [
      // The one verdict (harness/actors/audio-verdict.ts): packets without sound is a silent line.
      expect.stringMatching(/^audio silent: phone received 150 packets, energy \+0;/),
      'sampled once: it ended before the next sample',
    ],
  });
});

it('counts a call it could not place as not placed, with the reason as a problem', async () => {
  const pool = agent.get(BASE);
  pool.intercept({ path: '/__mock/calls', method: 'POST' }).replyWithError(new Error('connect ETIMEDOUT'));
  const problems: string[] = [];
  const w = new CallWatch({
    baseUrl: BASE,
    dispatcher: agent,
    tenant: 't1',
    holdMs: 20_000,
    phoneOf: () => undefined,
    onProblem: (p) => problems.push(p),
  });
  await w.place();
  expect(w.counts()).toMatchObject({ placed: 1, failedToPlace: 1, answered: 0 });
  expect(problems).toEqual([
    expect.stringMatching(
      /^place: POST \/__mock\/calls: the simulator cannot be reached \(connect ETIMEDOUT\)/,
    ),
  ]);
});
