import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { closeAfterEach } from '../close-after-each.ts';
import { createMediaEngine } from '../create-media-engine.ts';
import { MediaError } from '../media-error.ts';
import { CUSTOMER } from '../mixer.ts';
import { OUTSIDE_TONE_HZ } from '../outside-party.ts';
import { inspectOffer } from '../sdp.ts';
import { TonePhone as BasePhone } from '../testing/tone-phone.ts';
import { toneLevel } from '../tone-level.ts';
import { spawnMediaWorker } from './spawn-media-worker.ts';
import { createWorkerMediaEngine } from './worker-media-engine.ts';

const CUSTOMER_HZ = 440;
const WAIT = { timeout: 20_000, interval: 50 };

const track = closeAfterEach();

/** The worker tests' phones offer telephone-event too (DTMF crosses the thread). */
const TonePhone = { open: (hz: number) => BasePhone.open(hz, { telephoneEvent: true }) };

const portOf = (sdp: string) => {
  const r = inspectOffer(sdp);
  if (!r.ok) throw new Error(r.problem.message);
  return r.value.port;
};

const options = {
  source: { kind: 'tone', frequencyHz: CUSTOMER_HZ },
  mode: 'both',
  host: '127.0.0.1',
} as const;

/** Two tone phones (700 and 1100 Hz, parties "a" and "c") answered in a worker engine and joined to their call's mixer. */
async function twoPhonesMixed(workers: number, group: string) {
  const engine = track(createWorkerMediaEngine({ workers }));
  const mixer = engine.mixer(group);
  const phones = { a: track(await TonePhone.open(700)), c: track(await TonePhone.open(1100)) };
  for (const [party, phone] of Object.entries(phones)) {
    const { sdp, session } = await engine.answer(phone.offer(), { ...options, group });
    track(session);
    session.setMix(mixer.join(party));
    phone.talkTo(portOf(sdp));
  }
  return { mixer, phones };
}

describe('media in worker threads (decision record 008)', () => {
  it('answers an RTP offer in a worker: audio both ways, figures read synchronously, DTMF comes back', async () => {
    const engine = track(createWorkerMediaEngine({ workers: 1 }));
    const phone = track(await TonePhone.open(1000));
    const keys: string[] = [];
    const { sdp, session } = await engine.answer(phone.offer(), { ...options, onDtmf: (k) => keys.push(k) });
    track(session);
    expect(session.flavour).toBe('rtp');
    expect(engine.liveWorkers).toBe(1);
    phone.talkTo(portOf(sdp));
    await vi.waitFor(() => {
      expect(phone.level(CUSTOMER_HZ)).toBeGreaterThan(0.1);
      const s = session.stats();
      expect(s.packetsReceived).toBeGreaterThan(20);
      expect(s.audioEnergyReceived).toBeGreaterThan(0);
    }, WAIT);
    // RFC 4733: key 5, start then end packets on one timestamp.
    for (const [end, duration] of [
      [false, 160],
      [true, 480],
      [true, 480],
    ] as const) {
      phone.send(
        portOf(sdp),
        101,
        99_000,
        Uint8Array.of(5, (end ? 0x80 : 0) | 10, duration >> 8, duration & 0xff),
      );
    }
    await vi.waitFor(() => expect(keys).toEqual(['5']), WAIT);
    const before = session.stats().packetsSent;
    await session.close();
    // The close brings the final figures.
    expect(session.stats().packetsSent).toBeGreaterThanOrEqual(before);
  });

  it('refuses a bad offer with the MediaError the in-process engine gives', async () => {
    const engine = track(createWorkerMediaEngine({ workers: 1 }));
    const err = await engine.answer('v=0\r\nm=video 9 RTP/AVP 96\r\n', options).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MediaError);
    expect((err as MediaError).sipStatus).toBe(488);
  });

  it("mixes a call's legs in the worker its group is placed in: each phone hears the customer and the other", async () => {
    const { mixer, phones } = await twoPhonesMixed(2, 'call-1');
    mixer.route([
      [CUSTOMER, 'a'],
      [CUSTOMER, 'c'],
      ['a', 'c'],
      ['c', 'a'],
      ['a', CUSTOMER],
      ['c', CUSTOMER],
    ]);
    expect(mixer.parties).toEqual(['a', 'c']);
    await vi.waitFor(() => {
      expect(phones.a.level(CUSTOMER_HZ)).toBeGreaterThan(0.1);
      expect(phones.a.level(1100)).toBeGreaterThan(0.1);
      expect(phones.c.level(700)).toBeGreaterThan(0.1);
      const flow = (from: string, to: string) => mixer.flows().find((f) => f.from === from && f.to === to);
      expect(flow('a', CUSTOMER)?.energy).toBeGreaterThan(0);
      expect(flow('c', 'a')?.energy).toBeGreaterThan(0);
    }, WAIT);
  });

  it('says when its flows count under its last change: after that, a pair routed off carries no more frames', async () => {
    const { mixer } = await twoPhonesMixed(1, 'call-2');
    const frames = (from: string, to: string) =>
      mixer.flows().find((f) => f.from === from && f.to === to)?.frames ?? 0;
    mixer.route([
      ['a', 'c'],
      ['c', 'a'],
    ]);
    expect(mixer.settled()).toBe(false);
    await vi.waitFor(() => expect(frames('c', 'a')).toBeGreaterThan(10), WAIT);
    // c no longer reaches a: the flows pushed before the worker took the change may still grow.
    mixer.route([['a', 'c']]);
    expect(mixer.settled()).toBe(false);
    await vi.waitFor(() => expect(mixer.settled()).toBe(true), WAIT);
    const atChange = { ca: frames('c', 'a'), ac: frames('a', 'c') };
    await vi.waitFor(() => expect(frames('a', 'c')).toBeGreaterThan(atChange.ac + 25), WAIT);
    expect(frames('c', 'a')).toBe(atChange.ca);
  });

  it("an outside party lives in its call's worker, beside the mixer: it hears the customer and a phone, the phone hears it, and it talks on after the last leg closes", async () => {
    const engine = track(createWorkerMediaEngine({ workers: 2 }));
    const mixer = engine.mixer('call-out');
    const phone = track(await TonePhone.open(700));
    const { sdp, session } = await engine.answer(phone.offer(), { ...options, group: 'call-out' });
    track(session);
    session.setMix(mixer.join('agent'));
    phone.talkTo(portOf(sdp));
    mixer.addOutside('outside 5550100', { kind: 'tone', frequencyHz: CUSTOMER_HZ });
    expect(mixer.parties).toEqual(['agent', 'outside 5550100']);
    // Before the worker's first push the party is there with nothing said yet.
    expect(mixer.outsideStats()).toMatchObject([{ party: 'outside 5550100', frequencyHz: OUTSIDE_TONE_HZ }]);
    mixer.route([
      [CUSTOMER, 'outside 5550100'],
      ['agent', 'outside 5550100'],
      ['outside 5550100', 'agent'],
    ]);
    const flow = (from: string, to: string) =>
      mixer.flows().find((f) => f.from === from && f.to === to)?.energy ?? 0;
    await vi.waitFor(() => {
      // The phone hears the number's tone, mixed in the worker.
      expect(phone.level(OUTSIDE_TONE_HZ)).toBeGreaterThan(0.1);
      expect(flow(CUSTOMER, 'outside 5550100')).toBeGreaterThan(0);
      expect(flow('agent', 'outside 5550100')).toBeGreaterThan(0);
      expect(mixer.outsideStats()[0]!.energyHeard).toBeGreaterThan(0);
    }, WAIT);
    // The agent's leg goes: the customer and the number go on talking in the worker.
    mixer.leave('agent');
    await session.close();
    const sent = mixer.outsideStats()[0]!.framesSent;
    const heard = mixer.outsideStats()[0]!.energyHeard;
    await vi.waitFor(() => {
      expect(mixer.outsideStats()[0]!.framesSent).toBeGreaterThan(sent + 10);
      expect(mixer.outsideStats()[0]!.energyHeard).toBeGreaterThan(heard);
    }, WAIT);
    // The number hangs up, then the call ends.
    mixer.leave('outside 5550100');
    expect(mixer.outsideStats()).toEqual([]);
    mixer.close();
    expect(mixer.parties).toEqual([]);
  });

  it('records through a tap: what the customer heard and sent comes back as frames', async () => {
    const engine = track(createWorkerMediaEngine({ workers: 1 }));
    const phone = track(await TonePhone.open(1000));
    const { sdp, session } = await engine.answer(phone.offer(), options);
    track(session);
    const heard: Int16Array[] = [];
    const sent: Int16Array[] = [];
    session.setTap({ heard: (pcm) => heard.push(pcm), sent: (pcm) => sent.push(pcm) });
    phone.talkTo(portOf(sdp));
    await vi.waitFor(() => {
      expect(heard.length).toBeGreaterThan(25);
      expect(sent.length).toBeGreaterThan(25);
    }, WAIT);
    expect(Math.max(...heard.slice(-10).map((pcm) => toneLevel(pcm, 1000)))).toBeGreaterThan(0.1);
    expect(Math.max(...sent.slice(-10).map((pcm) => toneLevel(pcm, CUSTOMER_HZ)))).toBeGreaterThan(0.1);
  });

  it('makes a WebRTC offer from a worker (werift loads there): DTLS connects, audio flows', async () => {
    const engine = track(createWorkerMediaEngine({ workers: 1 }));
    const pending = await engine.offer('webrtc', options);
    track(pending.session);
    const answered = await createMediaEngine().answer(pending.sdp, {
      source: { kind: 'tone', frequencyHz: 1000 },
      mode: 'both',
      host: '127.0.0.1',
    });
    track(answered.session);
    // The answer twice at once, as a 200 OK retransmitted while the first is applied: applied once, both settle.
    await Promise.all([pending.accept(answered.sdp), pending.accept(answered.sdp)]);
    await vi.waitFor(() => {
      const s = pending.session.stats();
      expect(s.dtlsState).toBe('connected');
      expect(s.packetsReceived).toBeGreaterThan(10);
      expect(answered.session.stats().packetsReceived).toBeGreaterThan(10);
    }, WAIT);
  });

  it('survives a worker that dies: its sessions report the failure, new calls go in process', async () => {
    const spawned: Worker[] = [];
    const engine = track(
      createWorkerMediaEngine({
        workers: 1,
        spawn: () => {
          const w = spawnMediaWorker();
          spawned.push(w);
          return w;
        },
      }),
    );
    const phone = track(await TonePhone.open(1000));
    const failures: string[] = [];
    const { sdp, session } = await engine.answer(phone.offer(), {
      ...options,
      onFailure: (why) => failures.push(why),
    });
    phone.talkTo(portOf(sdp));
    await vi.waitFor(() => expect(session.stats().packetsReceived).toBeGreaterThan(5), WAIT);
    await spawned[0]!.terminate();
    await vi.waitFor(() => expect(failures).toEqual([expect.stringMatching(/media worker exited/)]), WAIT);
    expect(engine.liveWorkers).toBe(0);
    expect(session.stats().packetsReceived).toBeGreaterThan(5);
    await session.close();
    // The next call's media is served in process.
    const other = track(await TonePhone.open(1200));
    const next = await engine.answer(other.offer(), options);
    track(next.session);
    other.talkTo(portOf(next.sdp));
    await vi.waitFor(() => expect(next.session.stats().packetsReceived).toBeGreaterThan(5), WAIT);
    expect(spawned).toHaveLength(1);
  });

  it('serves calls in process when its worker cannot start, or not even be spawned', async () => {
    const errors: string[] = [];
    const engine = track(
      createWorkerMediaEngine({
        workers: 1,
        spawn: () => new Worker('throw new Error("no media here")', { eval: true }),
        logger: { info() {}, warn() {}, error: (_m, f) => errors.push(String(f?.why)) },
      }),
    );
    const phone = track(await TonePhone.open(1000));
    const { sdp, session } = await engine.answer(phone.offer(), options);
    track(session);
    phone.talkTo(portOf(sdp));
    await vi.waitFor(() => expect(session.stats().packetsReceived).toBeGreaterThan(5), WAIT);
    expect(engine.liveWorkers).toBe(0);
    expect(errors).toEqual([expect.stringContaining('no media here')]);

    const unspawnable = track(
      createWorkerMediaEngine({
        workers: 1,
        spawn: () => {
          throw new Error('media-worker.mjs not found');
        },
      }),
    );
    const again = await unspawnable.answer(phone.offer(), options);
    track(again.session);
    expect(again.session.flavour).toBe('rtp');
    expect(unspawnable.liveWorkers).toBe(0);
  });

  it('terminates its workers on close', async () => {
    const engine = createWorkerMediaEngine({ workers: 2 });
    const phone = track(await TonePhone.open(1000));
    const { session } = await engine.answer(phone.offer(), options);
    expect(engine.liveWorkers).toBe(2);
    await engine.close();
    expect(engine.liveWorkers).toBe(0);
    await session.close();
  });
});

describe('a media worker with its own nice value', () => {
  /** Each thread of this process and its nice value (/proc/self/task/TID/stat, field 19). */
  const niceOfThreads = () =>
    readdirSync('/proc/self/task').map((tid) => {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    });

  it.runIf(process.platform === 'linux')(
    'runs its thread at that value and leaves the main loop at its own',
    async () => {
      const own = getPriority();
      const nice = Math.min(own + 3, 19);
      const engine = track(createWorkerMediaEngine({ workers: 1, nice }));
      await engine.heaps(); // the worker answers: it has set its value by then
      expect(niceOfThreads().filter((n) => n === nice)).toHaveLength(1);
      expect(getPriority()).toBe(own);
    },
  );
});
