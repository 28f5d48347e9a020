import type { CallLeg, CustomerCalls, LegEvents } from './customer-calls.ts';

/**
 * The SIP side of a simulator that has none (msw handlers, or a simulator
 * started without SIP): no softphone is ever registered, so the ACD offers no
 * call, and a Call Out fails at once — as a real CEC would with every phone
 * switched off.
 */
export const noSoftphones: CustomerCalls = {
  isRegistered: () => false,
  dial(request): CallLeg {
    const ended: LegEvents['ended'][] = [];
    queueMicrotask(() => {
      for (const l of ended) l('unreachable', 404);
    });
    return {
      sipCallId: `unreachable-${request.toSipAccount}`,
      on(event, listener) {
        if (event === 'ended') ended.push(listener as LegEvents['ended']);
      },
      hangup: async () => {},
      requestAnswer: async () => ({ ok: false, why: 'no softphone is registered' }),
      mediaStats: () => undefined,
      reinvite: async () => ({ ok: false, why: 'no softphone is registered' }),
      setRoute: () => {},
      setMix() {},
      record: () => {},
    };
  },
};
