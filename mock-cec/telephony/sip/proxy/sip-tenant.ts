import type { DigestAlgorithm } from '../auth/digest.ts';
import type { Registrar } from '../registrar/registrar.ts';

/** What the SIP side needs of a tenant: its clock, registrar, accounts and customer numbers. */
export interface SipTenant {
  readonly id: string;
  /** The tenant's clock: registrations expire in tenant time. */
  now(): number;
  readonly registrar: Registrar;
  account(sipAccount: string): SipAccount | undefined;
  /** Whether a number is one of the tenant's simulated customers. */
  isCustomerNumber(number: string): boolean;
  /** Digest algorithms this tenant's softphones are challenged with, in order. */
  readonly digestAlgorithms: readonly DigestAlgorithm[];
}

/** An agent's softphone credentials (digest username = sipAccount, password = sipPwd). */
export interface SipAccount {
  readonly username: string;
  readonly password: string;
  readonly workNo: number;
  readonly tenant: string;
}
