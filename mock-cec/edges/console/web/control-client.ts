/**
 * The control API's one typed client (mock-cec/edges/control/typed-client.ts) for
 * the console's page, on its own origin. Served bundled with Hono's `hc`
 * (console-assets.ts): the browser cannot resolve a package by name.
 */
import { typedControlClient } from '../../control/typed-client.ts';

export { settle } from '../../control/typed-client.ts';

export const control = typedControlClient('');
