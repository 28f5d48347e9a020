import { describe, expect, it } from 'vitest';
import { toneSource } from './frame-source.ts';
import { CUSTOMER, Mixer } from './mixer.ts';
import { OUTSIDE_TONE_HZ, OutsideParty } from './outside-party.ts';
import { toneFrame } from './tone.ts';
import { toneLevel } from './tone-level.ts';

const CUSTOMER_HZ = 440;
const AGENT_HZ = 700;
const OUT = 'outside 5550100';
const AGENT = 'agent 101';

/** Run `frames` frames of a call: the agent's leg (when present) speaks its tone and takes its mix; the outside party does its frame. */
function run(outside: OutsideParty, frames: number, agent?: ReturnType<Mixer['join']>) {
  const agentHeard: Int16Array[] = [];
  for (let i = 0; i < frames; i++) {
    agent?.heard(toneFrame(AGENT_HZ, i, 0.3));
    outside.frame(i);
    if (agent) agentHeard.push(agent.outgoing(toneFrame(CUSTOMER_HZ, i)));
  }
  return agentHeard;
}

describe('OutsideParty', () => {
  it('does nothing outside a mixer', () => {
    const outside = new OutsideParty(toneSource(CUSTOMER_HZ));
    outside.frame(0);
    expect(outside.stats()).toMatchObject({ framesSent: 0, framesHeard: 0, energyHeard: 0 });
  });

  it('talk phase (customer held): the outside party and the agent hear each other, the customer hears neither', () => {
    const mixer = new Mixer();
    const agent = mixer.join(AGENT);
    const outside = new OutsideParty(toneSource(CUSTOMER_HZ));
    outside.setMix(mixer.join(OUT));
    mixer.route([
      [AGENT, OUT],
      [OUT, AGENT],
    ]);
    const agentHeard = run(outside, 50, agent);
    expect(outside.stats().framesHeard).toBe(50);
    expect(mixer.flow(AGENT, OUT).energy).toBeGreaterThan(1);
    expect(mixer.flow(OUT, AGENT).energy).toBeGreaterThan(1);
    expect(mixer.flow(CUSTOMER, OUT).energy).toBe(0);
    expect(mixer.flow(OUT, CUSTOMER).energy).toBe(0);
    // The agent's phone gets the outside party's tone, not the held customer's.
    const last = agentHeard.at(-1)!;
    expect(toneLevel(last, OUTSIDE_TONE_HZ)).toBeGreaterThan(0.2);
    expect(toneLevel(last, CUSTOMER_HZ)).toBeLessThan(0.05);
    expect(outside.stats().energyHeard).toBeCloseTo(mixer.flow(AGENT, OUT).energy, 3);
  });

  it('after the agent leaves: the customer and the outside party hear each other through the mixer alone', () => {
    const mixer = new Mixer();
    const outside = new OutsideParty(toneSource(CUSTOMER_HZ));
    outside.setMix(mixer.join(OUT));
    mixer.route([
      [CUSTOMER, OUT],
      [OUT, CUSTOMER],
    ]);
    run(outside, 50);
    expect(mixer.flow(CUSTOMER, OUT).energy).toBeGreaterThan(1);
    expect(mixer.flow(OUT, CUSTOMER).energy).toBeGreaterThan(1);
    expect(outside.stats().energyHeard).toBeCloseTo(mixer.flow(CUSTOMER, OUT).energy, 3);
    // What the customer hears is the outside party's tone.
    expect(toneLevel(mixer.join('probe').customerHears(160), OUTSIDE_TONE_HZ)).toBeGreaterThan(0.2);
  });

  it('three-way: the outside party hears the customer and the agent, and both hear it', () => {
    const mixer = new Mixer();
    const agent = mixer.join(AGENT);
    const outside = new OutsideParty(toneSource(CUSTOMER_HZ));
    outside.setMix(mixer.join(OUT));
    mixer.everyoneHearsEveryone();
    const agentHeard = run(outside, 50, agent);
    for (const from of [CUSTOMER, AGENT]) expect(mixer.flow(from, OUT).energy).toBeGreaterThan(1);
    for (const to of [CUSTOMER, AGENT]) expect(mixer.flow(OUT, to).energy).toBeGreaterThan(1);
    const last = agentHeard.at(-1)!;
    expect(toneLevel(last, OUTSIDE_TONE_HZ)).toBeGreaterThan(0.2);
    expect(toneLevel(last, CUSTOMER_HZ)).toBeGreaterThan(0.2);
  });

  it('muted by the route table: cut from a listener, nothing is carried', () => {
    const mixer = new Mixer();
    const outside = new OutsideParty(toneSource(CUSTOMER_HZ));
    outside.setMix(mixer.join(OUT));
    mixer.route([[CUSTOMER, OUT]]);
    run(outside, 20);
    expect(mixer.flow(OUT, CUSTOMER).energy).toBe(0);
    expect(mixer.flow(CUSTOMER, OUT).energy).toBeGreaterThan(0);
  });

  it('start and stop drive frames on the pacer', async () => {
    const mixer = new Mixer();
    const outside = new OutsideParty(toneSource(CUSTOMER_HZ));
    outside.setMix(mixer.join(OUT));
    mixer.route([[CUSTOMER, OUT]]);
    outside.start();
    await new Promise((r) => setTimeout(r, 200));
    outside.stop();
    const after = outside.stats().framesHeard;
    expect(after).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(outside.stats().framesHeard).toBe(after);
  });
});
