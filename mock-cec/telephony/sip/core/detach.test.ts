import { describe, expect, it } from 'vitest';
import { detach } from './detach.ts';

describe('detach', () => {
  it('gives the same text', () => {
    const message = `INVITE sip:a@b SIP/2.0\r\nCall-ID: ${'x'.repeat(40)}@host\r\n`;
    const callId = message.slice(34, 79);
    expect(detach(callId)).toBe(callId);
    expect(detach('short')).toBe('short');
  });
});
