import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../infrastructure/primitives/clock.ts';
import { audioEnergy, FRAME_SAMPLES } from './audio-frame.ts';
import { CustomerAudio } from './customer-audio.ts';
import { echoSource, recordingSource, silenceSource, toneSource } from './frame-source.ts';
import { decodeG711, encodeG711 } from './g711.ts';
import { toneFrame } from './tone.ts';

const toneBytes = (index = 0) => encodeG711('mulaw', toneFrame(440, index));
const energyOf = (payload: Uint8Array | undefined) =>
  payload ? audioEnergy(decodeG711('mulaw', payload)) : undefined;

describe('CustomerAudio', () => {
  it('sends the tone and measures what it hears in mode both', () => {
    const clock = new ManualClock(5000);
    const audio = new CustomerAudio(toneSource(), 'both', clock);
    const sent = audio.payloadFor(0, 'mulaw');
    expect(sent).toHaveLength(FRAME_SAMPLES);
    expect(energyOf(sent)).toBeGreaterThan(10);
    audio.receive(toneBytes(), 'mulaw');
    expect(audio.counters()).toMatchObject({
      packetsSent: 1,
      bytesSent: 160,
      packetsReceived: 1,
      bytesReceived: 160,
      lastPacketAt: 5000,
    });
    expect(audio.counters().audioEnergyReceived).toBeGreaterThan(10);
  });

  it('lends its payload until the next frame, and decodes what it hears into a buffer of its own, even when packets are longer than a frame', () => {
    const audio = new CustomerAudio(echoSource(), 'both', new ManualClock());
    const thirtyMs = encodeG711(
      'mulaw',
      Int16Array.from({ length: 240 }, (_, i) => (i % 2 ? 9000 : -9000)),
    );
    audio.receive(thirtyMs, 'mulaw');
    audio.receive(toneBytes(), 'mulaw');
    const first = audio.payloadFor(0, 'mulaw')!;
    const firstBytes = Uint8Array.from(first);
    const second = audio.payloadFor(1, 'mulaw')!;
    expect(second.buffer).toBe(first.buffer);
    expect(firstBytes).toEqual(thirtyMs.subarray(0, FRAME_SAMPLES)); // the echo, as heard
    expect(second).toEqual(
      Uint8Array.from([...thirtyMs.subarray(FRAME_SAMPLES), ...toneBytes().subarray(0, 80)]),
    );
    expect(audio.counters()).toMatchObject({ packetsReceived: 2, bytesReceived: 400, bytesSent: 320 });
  });

  it('counts DTMF packets but gives them no energy', () => {
    const audio = new CustomerAudio(silenceSource(), 'both', new ManualClock());
    audio.receive(Uint8Array.from([1, 0x8a, 0, 160]), undefined);
    expect(audio.counters()).toMatchObject({ packetsReceived: 1, bytesReceived: 4, audioEnergyReceived: 0 });
  });

  it('echoes what it hears, in order, then silence', () => {
    const audio = new CustomerAudio(echoSource(), 'both', new ManualClock());
    audio.receive(toneBytes(0), 'mulaw');
    audio.receive(toneBytes(1), 'mulaw');
    expect(audio.payloadFor(0, 'mulaw')).toEqual(toneBytes(0));
    expect(audio.payloadFor(1, 'mulaw')).toEqual(toneBytes(1));
    expect(energyOf(audio.payloadFor(2, 'mulaw'))).toBe(0);
  });

  it('one-way-in: hears but sends nothing', () => {
    const audio = new CustomerAudio(toneSource(), 'one-way-in', new ManualClock());
    expect(audio.payloadFor(0, 'mulaw')).toBeUndefined();
    audio.receive(toneBytes(), 'mulaw');
    expect(audio.counters()).toMatchObject({ packetsSent: 0, packetsReceived: 1 });
  });

  it('one-way-out: sends but hears nothing, so an echo sends silence', () => {
    const audio = new CustomerAudio(echoSource(), 'one-way-out', new ManualClock());
    audio.receive(toneBytes(), 'mulaw');
    expect(audio.counters()).toMatchObject({ packetsReceived: 0, audioEnergyReceived: 0 });
    expect(energyOf(audio.payloadFor(0, 'mulaw'))).toBe(0);
    expect(audio.counters().packetsSent).toBe(1);
  });

  it('silent: packets keep flowing, with no sound in them', () => {
    const audio = new CustomerAudio(toneSource(), 'silent', new ManualClock());
    const frames = [0, 1, 2].map((i) => audio.payloadFor(i, 'mulaw'));
    expect(frames.map(energyOf)).toEqual([0, 0, 0]);
    expect(audio.counters().packetsSent).toBe(3);
  });

  it('changes mode mid-call', () => {
    const audio = new CustomerAudio(toneSource(), 'both', new ManualClock());
    expect(energyOf(audio.payloadFor(0, 'alaw'))).toBeGreaterThan(0);
    audio.setMode('one-way-in');
    expect(audio.payloadFor(1, 'alaw')).toBeUndefined();
    audio.setMode('both');
    expect(audio.payloadFor(2, 'alaw')).toHaveLength(160);
    expect(audio.mode).toBe('both');
  });

  it('plays a recording in a loop', () => {
    const rec = toneFrame(440, 0);
    const audio = new CustomerAudio(recordingSource(rec), 'both', new ManualClock());
    expect(audio.payloadFor(0, 'mulaw')).toEqual(encodeG711('mulaw', rec));
    expect(audio.payloadFor(1, 'mulaw')).toEqual(encodeG711('mulaw', rec));
  });
});

describe('echoSource', () => {
  it('regroups packets of other sizes into 20 ms frames', () => {
    const echo = echoSource();
    const pcm = Int16Array.from({ length: 240 }, (_, i) => i + 1); // one 30 ms packet
    echo.hear(pcm);
    expect(echo.frame(0)[0]).toBe(1);
    const second = echo.frame(1);
    expect([second[0], second[79], second[80]]).toEqual([161, 240, 0]);
  });

  it('drops the oldest audio beyond its bound', () => {
    const echo = echoSource(320);
    for (let k = 0; k < 3; k++) echo.hear(new Int16Array(160).fill(k + 1));
    expect(echo.frame(0)[0]).toBe(2);
    expect(echo.frame(1)[0]).toBe(3);
    expect(echo.frame(2)[0]).toBe(0);
  });

  it('held (route: no send, hold tone): sends nothing, hears the hold tone instead of the agent; taken back, both ways again', () => {
    const audio = new CustomerAudio(toneSource(), 'both', new ManualClock());
    expect(audio.counters().audioEnergyHoldTone).toBeUndefined();
    audio.setRoute({ send: false, hear: 'hold-tone' });
    expect(audio.payloadFor(0, 'mulaw')).toBeUndefined();
    audio.receive(toneBytes(), 'mulaw');
    expect(audio.counters()).toMatchObject({ packetsSent: 0, packetsReceived: 0, audioEnergyReceived: 0 });
    expect(audio.counters().audioEnergyHoldTone).toBeGreaterThan(1);
    audio.setRoute({ send: true, hear: 'peer' });
    const tone = audio.counters().audioEnergyHoldTone;
    expect(audio.payloadFor(1, 'mulaw')).toBeDefined();
    audio.receive(toneBytes(1), 'mulaw');
    expect(audio.counters().audioEnergyReceived).toBeGreaterThan(10);
    expect(audio.counters().audioEnergyHoldTone).toBe(tone);
  });

  it('the agent muted (route: hear nothing): the customer still sends, and what the agent sends is not heard', () => {
    const audio = new CustomerAudio(toneSource(), 'both', new ManualClock());
    audio.setRoute({ send: true, hear: 'nothing' });
    expect(audio.payloadFor(0, 'mulaw')).toBeDefined();
    audio.receive(toneBytes(), 'mulaw');
    expect(audio.counters()).toMatchObject({ packetsSent: 1, packetsReceived: 0, audioEnergyReceived: 0 });
  });

  it('joined to a mixer, sends what the mixer makes and lets it hear; one-way-out hears nothing', () => {
    const audio = new CustomerAudio(toneSource(440), 'both', new ManualClock());
    const heard: Int16Array[] = [];
    const mixed = toneFrame(1000, 0);
    audio.setMix({
      heard: (pcm) => heard.push(pcm),
      outgoing: () => mixed,
      customerHears: (n) => new Int16Array(n),
    });
    expect(audio.payloadFor(0, 'mulaw')).toEqual(encodeG711('mulaw', mixed));
    audio.receive(toneBytes(), 'mulaw');
    expect(heard).toHaveLength(1);
    audio.setMode('one-way-out');
    audio.receive(toneBytes(), 'mulaw');
    expect(heard).toHaveLength(1);
    audio.setMix(undefined);
    expect(audio.payloadFor(1, 'mulaw')).toEqual(encodeG711('mulaw', toneFrame(440, 1)));
  });

  it('a tap records what the customer heard (the party, or the hold tone) and what it sent, as the customer had it', () => {
    const audio = new CustomerAudio(toneSource(), 'both', new ManualClock());
    const heard: Int16Array[] = [];
    const sent: Int16Array[] = [];
    audio.setTap({ heard: (pcm) => heard.push(pcm), sent: (pcm) => sent.push(pcm) });
    audio.receive(toneBytes(), 'mulaw');
    audio.payloadFor(0, 'mulaw');
    expect(heard.map(audioEnergy)[0]).toBeGreaterThan(10);
    expect(sent.map(audioEnergy)[0]).toBeGreaterThan(10);
    // Held: the customer hears the hold tone, not the agent, and sends nothing.
    audio.setRoute({ send: false, hear: 'hold-tone' });
    audio.receive(toneBytes(), 'mulaw');
    audio.payloadFor(1, 'mulaw');
    expect([heard.length, sent.length]).toEqual([2, 1]);
    expect(heard[1]).toEqual(toneFrame(425, 1, 0.25));
    // Back, with a line that sends silence: silence is what was sent.
    audio.setRoute({ send: true, hear: 'peer' });
    audio.setMode('silent');
    audio.payloadFor(2, 'mulaw');
    expect(audioEnergy(sent[1]!)).toBe(0);
    audio.setTap(undefined);
    audio.receive(toneBytes(), 'mulaw');
    audio.payloadFor(3, 'mulaw');
    expect([heard.length, sent.length]).toEqual([2, 2]);
  });

  it("mixed, the tap records what reaches the customer (the mixer's sum on the frame clock) and what leaves (the mix)", () => {
    const audio = new CustomerAudio(toneSource(440), 'both', new ManualClock());
    const heard: Int16Array[] = [];
    const sent: Int16Array[] = [];
    const mixed = toneFrame(1000, 0);
    const ears = toneFrame(700, 0);
    audio.setMix({ heard: () => {}, outgoing: () => mixed, customerHears: () => ears });
    audio.setTap({ heard: (pcm) => heard.push(pcm), sent: (pcm) => sent.push(pcm) });
    // What arrives goes to the mixer, not straight to the recording: the customer hears the mixer's sum.
    audio.receive(toneBytes(), 'mulaw');
    expect(heard).toHaveLength(0);
    audio.payloadFor(0, 'mulaw');
    expect(heard).toEqual([ears]);
    expect(sent).toEqual([mixed]);
    // Held while mixed: the hold tone, not the mix.
    audio.setRoute({ send: false, hear: 'hold-tone' });
    audio.payloadFor(1, 'mulaw');
    expect(heard[1]).toEqual(toneFrame(425, 1, 0.25));
    expect(sent).toHaveLength(1);
  });

  it('mixed and held by the mixer (a consult): hears the hold tone, counted and recorded, while its leg still sends the mix', () => {
    const audio = new CustomerAudio(toneSource(440), 'both', new ManualClock());
    const heard: Int16Array[] = [];
    let held = true;
    let drawn = 0;
    const mixed = toneFrame(1000, 0);
    const mixersTone = toneFrame(425, 7, 0.25);
    audio.setMix({
      heard: () => {},
      outgoing: () => mixed,
      // The mixer's ears: its hold tone while the customer is held (mixer.ts books it).
      customerHears: (n) => {
        drawn++;
        return held ? mixersTone : new Int16Array(n);
      },
      customerHeld: () => held,
    });
    // Not recorded: the tone is made here and counted.
    expect(audio.payloadFor(0, 'mulaw')).toEqual(encodeG711('mulaw', mixed));
    const one = audio.counters().audioEnergyHoldTone!;
    expect(one).toBeCloseTo(audioEnergy(toneFrame(425, 0, 0.25)));
    expect(drawn).toBe(0);
    // Recorded: the recording has the mixer's tone, drawn from the mixer.
    audio.setTap({ heard: (pcm) => heard.push(pcm), sent: () => {} });
    // The leg's own route stays open: the mixer decides (the agents of a consult hear each other).
    expect(audio.payloadFor(1, 'mulaw')).toEqual(encodeG711('mulaw', mixed));
    expect(heard).toEqual([mixersTone]);
    expect(drawn).toBe(1);
    const tone = audio.counters().audioEnergyHoldTone!;
    expect(tone).toBeCloseTo(2 * one);
    // Taken back: the mixer's sum again, the tone's count stops.
    held = false;
    audio.payloadFor(2, 'mulaw');
    expect(audioEnergy(heard[1]!)).toBe(0);
    expect(audio.counters().audioEnergyHoldTone).toBe(tone);
  });
});
