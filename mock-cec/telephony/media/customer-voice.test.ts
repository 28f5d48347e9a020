import { describe, expect, it, vi } from 'vitest';
import { audioEnergy } from './audio-frame.ts';
import { customerVoice } from './customer-voice.ts';
import { toneLevel } from './tone-level.ts';

describe('customerVoice', () => {
  it("plays the customer's tone once loaded (silent until then)", async () => {
    const voice = customerVoice({ kind: 'tone', frequencyHz: 600 });
    await vi.waitFor(() => expect(toneLevel(voice.frame(3), 600)).toBeGreaterThan(0.2));
  });

  it('an echo customer says nothing to a party without a leg', () => {
    expect(audioEnergy(customerVoice({ kind: 'echo' }).frame(0))).toBe(0);
  });

  it('a file that cannot be read stays silent', async () => {
    const voice = customerVoice({ kind: 'file', path: '/nonexistent/customer.wav' });
    await new Promise((r) => setImmediate(r));
    expect(audioEnergy(voice.frame(0))).toBe(0);
  });
});
