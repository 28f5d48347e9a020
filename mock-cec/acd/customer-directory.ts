import type { CustomerBehaviour } from '../calls/customer-calls.ts';

/** How the customers the agents call out to behave, by number. */
export interface CustomerDirectory {
  behaviourOf(tenant: string, number: string): CustomerBehaviour;
}

/**
 * The default customers of Call Out: a number starting with 486 is busy, one
 * starting with 408 never answers, any other answers at once with a tone.
 * [choice: the SIP side's `customers:` table can replace this directory when
 * the two are wired together]
 */
export const defaultCustomerDirectory: CustomerDirectory = {
  behaviourOf(_tenant, number) {
    if (number.startsWith('486')) return { answer: 'busy', source: { kind: 'silence' }, mode: 'both' };
    if (number.startsWith('408')) return { answer: 'no-answer', source: { kind: 'silence' }, mode: 'both' };
    return { answer: 'answer', source: { kind: 'tone' }, mode: 'both' };
  },
};

/** What a queued inbound customer does unless told otherwise: stays on the line with a tone. */
export const defaultInboundBehaviour: CustomerBehaviour = {
  answer: 'answer',
  source: { kind: 'tone' },
  mode: 'both',
};
