/** `npm run ladder -- JOURNAL.ndjson [--tenant ID] [--out FILE.html]`: see ladder-command.ts. */
import { ladderCommand } from './ladder-command.ts';

process.exitCode = await ladderCommand(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
