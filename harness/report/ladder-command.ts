import { readFile, writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parseArgs } from 'node:util';
import { parseNdjson } from '../journal/read-ndjson.ts';
import { renderLadder } from './ladder.ts';

export const LADDER_HELP = `Usage: npm run ladder -- JOURNAL.ndjson [--tenant ID] [--out FILE.html] [--title TEXT]

Draws a journal as a ladder (sequence) diagram in one self-contained HTML file:
page, integration, CEC HTTP, CEC SIP, softphone and customer, time running down.
The journal is NDJSON, one entry a line, as GET /__mock/journal?format=ndjson exports it.

  --tenant ID      only this tenant's entries (default: every tenant, a section each)
  --out FILE.html  where to write (default: beside the journal, ending .html)
  --title TEXT     the page's title (default: the journal's file name)
  -h, --help       show this help
`;

export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
}

/** `npm run ladder`: returns the exit code (0 done, 1 the journal could not be read, 2 bad usage). */
export async function ladderCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (err) {
    // node's parseArgs explains at length; its first sentence says it.
    const message = err instanceof Error ? (err.message.split('. ')[0] ?? err.message) : String(err);
    io.err(`ladder: ${message}\n${LADDER_HELP}`);
    return 2;
  }
  if (args.values.help) {
    io.out(LADDER_HELP);
    return 0;
  }
  const [input, ...extra] = args.positionals;
  if (input === undefined || extra.length > 0) {
    io.err(
      `ladder: ${input === undefined ? 'name one journal file' : `one journal at a time (got ${args.positionals.length})`}\n${LADDER_HELP}`,
    );
    return 2;
  }

  let text: string;
  try {
    text = await readFile(input, 'utf8');
  } catch (err) {
    io.err(`ladder: cannot read ${input}: ${reason(err)}\n`);
    return 1;
  }
  const parsed = parseNdjson(text);
  if (!parsed.ok) {
    for (const e of parsed.errors) io.err(`ladder: ${input}:${e.line}: ${e.message}\n`);
    return 1;
  }

  const out = args.values.out ?? htmlBeside(input);
  const html = renderLadder(parsed.entries, {
    title: args.values.title ?? basename(input),
    tenant: args.values.tenant,
  });
  try {
    await writeFile(out, html);
  } catch (err) {
    io.err(`ladder: cannot write ${out}: ${reason(err)}\n`);
    return 1;
  }
  io.out(`${out}\n`);
  return 0;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      tenant: { type: 'string' },
      out: { type: 'string', short: 'o' },
      title: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** journal.ndjson → journal.html; a name without an extension gets one. */
export function htmlBeside(input: string): string {
  const ext = extname(input);
  return `${ext ? input.slice(0, -ext.length) : input}.html`;
}

function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'no such file';
  if (e.code === 'EISDIR') return 'it is a directory';
  if (e.code === 'EACCES') return 'permission denied';
  return e.message ?? String(err);
}
