import type { HttpBindings } from '@hono/node-server';
import type { UserRecord } from '../users/user-store.ts';

/** What every route sees: Node's request bindings, the signed-in user (after requireUser), the CSP nonce. */
export type AppEnv = {
  Bindings: Partial<HttpBindings>;
  Variables: { user: UserRecord; secureHeadersNonce?: string };
};
