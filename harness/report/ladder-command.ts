import { readFile, writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parseArgs } from 'node:util';
import { argsOrProblem } from '../cli/args-or-problem.ts';
import { parseNdjson } from '../journal/read-ndjson.ts';
import { runLadder } from '../scenario/run-ladder.ts';

export const LADDER_HELP = `Usage: npm run ladder -- JOURNAL.ndjson [--tenant ID] [--from-seq N] [--to-seq N] [--out FILE.html]

Draws a journal as a ladder (sequence) diagram in one self-contained HTML file:
page, integration, CEC HTTP, CEC SIP, softphone and customer, time running down.
The journal is NDJSON, one entry a line, as GET /__mock/journal.ndjson exports it.

  --tenant ID      only this tenant's entries (default: every tenant, a section each)
  --from-seq N     only entries numbered N or later (of a long journal, the part that matters)
  --to-seq N       only entries numbered N or earlier
  --out FILE.html  where to write (default: beside the journal, ending .html)
  --title TEXT     the page's title (default: the journal's file name)
  -h, --help       show this help
`;

export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
}

interface Request {
  input: string;
  out: string;
  title: string;
  tenant?: string;
  fromSeq: number;
  toSeq: number;
}

/** `npm run ladder`: returns the exit code (0 done, 1 the journal could not be read or written, 2 bad usage). */
export async function ladderCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const request = readArguments(argv);
  if (request === 'help') {
    io.out(LADDER_HELP);
    return 0;
  }
  if (typeof request === 'string') {
    io.err(`ladder: ${request}\n${LADDER_HELP}`);
    return 2;
  }

  let text: string;
  try {
    text = await readFile(request.input, 'utf8');
  } catch (err) {
    io.err(`ladder: cannot read ${request.input}: ${reason(err)}\n`);
    return 1;
  }
  const parsed = parseNdjson(text);
  if (!parsed.ok) {
    for (const e of parsed.errors) io.err(`ladder: ${request.input}:${e.line}: ${e.message}\n`);
    return 1;
  }
  const entries = parsed.entries.filter((e) => e.seq >= request.fromSeq && e.seq <= request.toSeq);
  // A scenario run's journal gets its steps' bands and its failed step, as in the runner's report.
  const html = runLadder(entries, { title: request.title, tenant: request.tenant });
  try {
    await writeFile(request.out, html);
  } catch (err) {
    io.err(`ladder: cannot write ${request.out}: ${reason(err)}\n`);
    return 1;
  }
  io.out(`${request.out}\n`);
  return 0;
}

/** The command line as a request, 'help', or what is wrong with it. */
function readArguments(argv: readonly string[]): Request | 'help' | string {
  const parsed = argsOrProblem(() => parse(argv));
  if (!parsed.ok) return parsed.problem;
  const { values, positionals } = parsed.args;
  if (values.help) return 'help';
  const [input, ...extra] = positionals;
  if (input === undefined) return 'name one journal file';
  if (extra.length > 0) return `one journal at a time (got ${positionals.length})`;
  const fromSeq = seqOption(values['from-seq'], '--from-seq', Number.NEGATIVE_INFINITY);
  const toSeq = seqOption(values['to-seq'], '--to-seq', Number.POSITIVE_INFINITY);
  if (typeof fromSeq === 'string') return fromSeq;
  if (typeof toSeq === 'string') return toSeq;
  return {
    input,
    out: values.out ?? htmlBeside(input),
    title: values.title ?? basename(input),
    tenant: values.tenant,
    fromSeq,
    toSeq,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      tenant: { type: 'string' },
      'from-seq': { type: 'string' },
      'to-seq': { type: 'string' },
      out: { type: 'string', short: 'o' },
      title: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** A sequence number option: the number, `absent` when not given, or what is wrong with it. */
function seqOption(value: string | undefined, name: string, absent: number): number | string {
  if (value === undefined) return absent;
  return /^\d+$/.test(value)
    ? Number(value)
    : `${name} takes a sequence number (a whole number), not "${value}"`;
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
