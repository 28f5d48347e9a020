import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES } from './audio-frame.ts';
import { Junctions, junction, OPEN_JUNCTIONS_KEPT } from './junction.ts';

const frameOf = (value: number) => new Int16Array(FRAME_SAMPLES).fill(value);

describe('junction', () => {
  it('sends each end what the other end heard, and nothing of its own', () => {
    const j = junction();
    j.a.hear(frameOf(1000));
    j.b.hear(frameOf(-2000));
    expect(j.b.frame(0)[0]).toBe(1000);
    expect(j.a.frame(0)[0]).toBe(-2000);
    // Drained: silence, not a repeat.
    expect(j.b.frame(1).every((s) => s === 0)).toBe(true);
    expect(j.a.frame(1).every((s) => s === 0)).toBe(true);
  });
});

describe('Junctions', () => {
  it('joins the two ends of one name and forgets the name once both are taken', () => {
    const junctions = new Junctions();
    const a = junctions.end('call-1', 'a');
    expect(junctions.openCount).toBe(1);
    const b = junctions.end('call-1', 'b');
    expect(junctions.openCount).toBe(0);
    a.hear(frameOf(300));
    expect(b.frame(0)[0]).toBe(300);
    // Another name is another junction.
    const c = junctions.end('call-2', 'b');
    a.hear(frameOf(300));
    expect(c.frame(0)[0]).toBe(0);
  });

  it('forgets the oldest half-joined junctions past the bound', () => {
    const junctions = new Junctions();
    for (let i = 0; i < OPEN_JUNCTIONS_KEPT + 10; i++) junctions.end(`call-${i}`, 'a');
    expect(junctions.openCount).toBe(OPEN_JUNCTIONS_KEPT);
  });
});
