import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toNdjson } from '../../mock-cec/infrastructure/journal/journal.ts';
import { inboundCallJournal } from '../journal/testing/inbound-call.ts';
import { JournalBuilder } from '../journal/testing/journal-builder.ts';
import { htmlBeside, LADDER_HELP, ladderCommand } from './ladder-command.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ladder-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await ladderCommand(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

async function journalFile(name = 'run.ndjson', text = toNdjson(inboundCallJournal().entries)) {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

describe('npm run ladder', () => {
  it('writes the HTML beside the journal and prints its path', async () => {
    const file = await journalFile();
    const result = await run(file);
    expect(result).toEqual({ code: 0, out: `${join(dir, 'run.html')}\n`, err: '' });
    const html = await readFile(join(dir, 'run.html'), 'utf8');
    expect(html).toContain('<title>run.ndjson</title>');
    expect(html).toContain('AgentEvent_Ringing');
  });

  it('takes --out, --title and --tenant', async () => {
    const j = new JournalBuilder(Date.UTC(2026, 0, 1), 't-a');
    j.event('101', 'AgentState_Ready');
    j.add({ kind: 'event', workNo: '201', eventType: 'AgentState_Busy' }, 't-b');
    const file = await journalFile('two.jsonl', toNdjson(j.entries));
    const out = join(dir, 'b.html');
    expect((await run(file, '--tenant', 't-b', '--out', out, '--title', 'Tenant B')).code).toBe(0);
    const html = await readFile(out, 'utf8');
    expect(html).toContain('<title>Tenant B</title>');
    expect(html).toContain('AgentState_Busy');
    expect(html).not.toContain('AgentState_Ready');
  });

  it('draws only the entries between --from-seq and --to-seq', async () => {
    const file = await journalFile();
    expect((await run(file, '--from-seq', '25', '--to-seq', '27')).code).toBe(0);
    const html = await readFile(join(dir, 'run.html'), 'utf8');
    expect([...html.matchAll(/id="seq-(\d+)"/g)].map((m) => m[1])).toEqual(['25', '26', '27']);
  });

  it('names the bad line of a journal and writes nothing', async () => {
    const good = toNdjson(inboundCallJournal().entries.slice(0, 2));
    const file = await journalFile('bad.ndjson', `${good}{"kind":"http",\n`);
    const result = await run(file);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(new RegExp(`^ladder: ${file}:3: not JSON \\(.*\\)\\n$`));
    await expect(readFile(join(dir, 'bad.html'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('says so in one line when the journal is missing', async () => {
    const missing = join(dir, 'nope.ndjson');
    expect(await run(missing)).toEqual({
      code: 1,
      out: '',
      err: `ladder: cannot read ${missing}: no such file\n`,
    });
  });

  it('shows the usage for --help, and with an error for bad arguments', async () => {
    expect(await run('--help')).toEqual({ code: 0, out: LADDER_HELP, err: '' });
    for (const argv of [
      [],
      ['a.ndjson', 'b.ndjson'],
      ['--bogus', 'a.ndjson'],
      ['a.ndjson', '--tenant'],
      ['a.ndjson', '--from-seq', 'ten'],
    ]) {
      const result = await run(...argv);
      expect(result.code).toBe(2);
      expect(result.err.split('\n')[0]).toMatch(/^ladder: \S/);
      expect(result.err).toContain('Usage: npm run ladder');
    }
  });

  it('puts the HTML beside the journal whatever its extension', () => {
    expect(htmlBeside('/x/run.ndjson')).toBe('/x/run.html');
    expect(htmlBeside('run.jsonl')).toBe('run.html');
    expect(htmlBeside('journal')).toBe('journal.html');
  });

  it('runs as the npm script does', async () => {
    const file = await journalFile();
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'harness/report/ladder-cli.ts', file],
      { cwd: root },
    );
    expect(stdout).toBe(`${join(dir, 'run.html')}\n`);
    const failed = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'harness/report/ladder-cli.ts', join(dir, 'none')],
      { cwd: root },
    ).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 1, stderr: expect.stringContaining('no such file') });
  });
});
