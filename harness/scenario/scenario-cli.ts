/** `npm run scenario -- FILE… | --replay JOURNAL.ndjson`: see scenario-command.ts. */
import { fileURLToPath } from 'node:url';
import config from '../../playwright.config.ts';
import { scenarioCommand } from './scenario-command.ts';
import { ScenarioSession } from './session.ts';

process.exitCode = await scenarioCommand(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  // The same Chromium and flags as the Playwright suites (Debian's, fake audio devices).
  launchOptions: config.use?.launchOptions ?? {},
  openSession: (launch) => ScenarioSession.open(launch),
  schemaFile: fileURLToPath(new URL('../../scenarios/scenario.schema.json', import.meta.url)),
});
