import { describe, expect, it } from 'vitest';
import { EventDigits, keyOfEvent, keyOfInfo } from './dtmf.ts';

describe('DTMF keys', () => {
  it('reads RFC 4733 event codes: 0–9, *, #, A–D; nothing for flash or beyond', () => {
    expect([0, 9, 10, 11, 12, 15, 16, 200].map(keyOfEvent)).toEqual([
      '0',
      '9',
      '*',
      '#',
      'A',
      'D',
      undefined,
      undefined,
    ]);
  });

  it('reads INFO bodies: dtmf-relay Signal (a key or its event number), dtmf, and nothing else', () => {
    expect(keyOfInfo('application/dtmf-relay', 'Signal=7\r\nDuration=160\r\n')).toBe('7');
    expect(keyOfInfo('Application/DTMF-Relay; charset=x', 'signal = #\r\n')).toBe('#');
    expect(keyOfInfo('application/dtmf-relay', 'Signal=10\r\n')).toBe('*');
    expect(keyOfInfo('application/dtmf', ' b \r\n')).toBe('B');
    expect(keyOfInfo('application/dtmf-relay', 'Duration=160\r\n')).toBeUndefined();
    expect(keyOfInfo('application/dtmf-relay', 'Signal=xyz\r\n')).toBeUndefined();
    expect(keyOfInfo('application/sdp', 'Signal=1')).toBeUndefined();
    expect(keyOfInfo(undefined, 'Signal=1')).toBeUndefined();
  });

  it('counts an event once, on its first packet, and ignores short payloads', () => {
    const d = new EventDigits();
    const p = (event: number) => Uint8Array.of(event, 0x0a, 0, 160);
    expect([d.read(100, p(1)), d.read(100, p(1)), d.read(260, p(1)), d.read(400, Uint8Array.of(2))]).toEqual([
      '1',
      undefined,
      '1',
      undefined,
    ]);
  });
});
