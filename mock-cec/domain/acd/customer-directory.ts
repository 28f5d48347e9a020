import type { CustomerBehaviour } from '../calls/customer-calls.ts';

/** How the customers the agents call out to behave, by number. */
export interface CustomerDirectory {
  behaviourOf(tenant: string, number: string): CustomerBehaviour;
}

/** A number that is not in the tenant's table answers at once with a tone, like a person picking up. [choice] */
export const answeringCustomer: CustomerBehaviour = {
  answer: 'answer',
  source: { kind: 'tone' },
  mode: 'both',
};

/**
 * The customers of Call Out are the tenant's own `customers:` table (with the
 * magic numbers, config/customer-schema.ts): the same table the SIP side uses
 * for calls dialled from a softphone, so a number behaves alike both ways.
 */
export function tenantCustomerDirectory(
  tenantOf: (id: string) => { config: { customers: Record<string, CustomerBehaviour> } } | undefined,
): CustomerDirectory {
  return {
    behaviourOf: (tenant, number) => tenantOf(tenant)?.config.customers[number] ?? answeringCustomer,
  };
}

/** What a queued inbound customer does unless told otherwise: stays on the line with a tone. */
export const defaultInboundBehaviour: CustomerBehaviour = {
  answer: 'answer',
  source: { kind: 'tone' },
  mode: 'both',
};
