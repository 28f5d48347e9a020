/**
 * The end-to-end specs' own tests, on the harness fixtures (so on the same
 * worker simulator). Kept out of harness/fixtures.ts because that file is the
 * package's `mock-cec/playwright` export: the console's JsSIP phone is a
 * development dependency only.
 */

import { type ConsoleTestFixtures, consoleFixtures } from '../fixtures/console-fixtures.ts';
import { type SipTestFixtures, sipFixtures } from '../fixtures/sip-fixtures.ts';
import { test } from '../fixtures.ts';

/**
 * The SIP specs' test (harness/e2e/sip/): a bare tenant of four agents (no
 * integration), SIP.js phones in a page, the control API and the tenant's journal.
 */
export const sipTest = test.extend<SipTestFixtures>(sipFixtures);

/** The console's specs (harness/e2e/console/): its page on the worker's simulator, and that simulator over the wire. */
export const consoleTest = test.extend<ConsoleTestFixtures>(consoleFixtures);
