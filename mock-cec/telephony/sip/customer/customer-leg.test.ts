import { describe, expect, it } from 'vitest';
import type { AudioTap } from '../../media/media-engine.ts';
import type { MixPort } from '../../media/mixer.ts';
import { FakeSession } from '../testing/fake-media-engine.ts';
import { CustomerLeg, type LegController } from './customer-leg.ts';
import type { Dialog } from './dialog.ts';

const controller: LegController = {
  hangup: async () => {},
  requestAnswer: async () => ({ ok: true }),
  reinvite: async () => ({ ok: true }),
  moved: () => {},
};

const leg = () =>
  new CustomerLeg(controller, {
    direction: 'to-agent',
    tenant: 't',
    from: '5550100',
    to: '1001',
    behaviour: { answer: 'answer', source: { kind: 'silence' }, mode: 'both' },
    dialog: { callId: 'c1' } as Dialog,
    startedAt: 0,
  });

describe('CustomerLeg', () => {
  it('a recording and a mixer asked for before the media is up reach the session once it is', () => {
    const l = leg();
    const tap: AudioTap = { heard: () => {}, sent: () => {} };
    const port = {
      heard: () => {},
      outgoing: (own) => own,
      customerHears: (n) => new Int16Array(n),
    } as MixPort;
    l.record(tap);
    l.setMix(port);
    const session = new FakeSession('rtp', 'both');
    l.session = session;
    expect(session.tap).toBe(tap);
    expect(session.mix).toBe(port);
    l.record(undefined);
    expect(session.tap).toBeUndefined();
  });
});
