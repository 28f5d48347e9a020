import type { SignInChoice } from '../agents/agent-book.ts';

/** A sign-in as the agent asked for it, read and checked at the edge (api/sign-in-body.ts). */
export interface SignInRequest extends SignInChoice {
  password: string;
  checkInWebm: boolean;
}

/**
 * What the edge made of a sign-in body: the request (its phone still to be
 * checked against the agent's, by default the agent's own), or the refusal
 * it earned. The desk decides which refusal comes first (an unknown or
 * locked-out agent before a bad body), so the body's own goes in as a value.
 */
export type SignInInput =
  | { ok: true; value: Omit<SignInRequest, 'phonenum'> & { phonenum?: string } }
  | { ok: false; retcode: '100-001' | '000-002'; message: string };

/** Softphone numbers as the tenant schema allows them. */
export const PHONE_PATTERN = /^[0-9A-Za-z_.+-]{1,24}$/;
