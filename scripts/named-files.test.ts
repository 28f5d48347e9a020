import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { commentsOf } from './import-boundaries.ts';

/**
 * Words that name a file that is gone are stale (issue 12, "Stale words"):
 * every TypeScript file a comment or a document names must exist somewhere in the
 * repository. Comments are read with TypeScript's scanner (commentsOf), so
 * code and strings are not mistaken for them.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Names that stand for a kind of file or for a user's own, never for one of ours. */
const NOT_OURS = new Set(['x.ts', 'x.test.ts', 'x.spec.ts', 'mock-cec.config.ts', 'first-call.spec.ts']);

/** The TypeScript file names a text names (`journal.ts`, `sip/sip-server.ts`), by their last part. */
function namedTsFiles(text: string): string[] {
  return [...text.matchAll(/(?<![\w.-])(?:[\w.-]+\/)*([\w][\w.-]*\.ts)\b(?![\w-])/g)]
    .map((m) => m[1]!)
    .filter((name) => !NOT_OURS.has(name));
}

describe('namedTsFiles', () => {
  test('finds file names, with or without their folder, and leaves the generic ones', () => {
    expect(
      namedTsFiles(
        'see customer-ua.ts and sip/customer/customer-uas.ts (`x.test.ts` beside `x.ts`), not SIP.js',
      ),
    ).toEqual(['customer-ua.ts', 'customer-uas.ts']);
  });

  test('finds a stale name in a comment (the one issue 12 met: incoming-calls.ts)', () => {
    const source = "/** Calls in are answered by incoming-calls.ts. */\nconst s = 'not-a-comment.ts';\n";
    expect(commentsOf(source).flatMap(namedTsFiles)).toEqual(['incoming-calls.ts']);
  });
});

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && ext.test(e.name))
    .map((e) => posix.join(relative(root, e.parentPath).split('\\').join('/'), e.name))
    .filter((p) => !p.split('/').includes('node_modules'));
}

test('every TypeScript file a comment or a document names exists', () => {
  const parts = ['mock-cec', 'integration', 'harness', 'scenarios', 'bench', 'scripts', 'examples'];
  const sources = parts.flatMap((d) => files(d, /\.(ts|mts)$/));
  const top = readdirSync(root).filter((f) => f.endsWith('.ts'));
  const existing = new Set([...sources.map((p) => basename(p)), ...top]);
  const docs = [...files('docs', /\.md$/), ...parts.flatMap((d) => files(d, /\.md$/))];
  docs.push('README.md', 'CONTRIBUTING.md');
  const missing: string[] = [];
  for (const file of sources)
    for (const comment of commentsOf(readFileSync(join(root, file), 'utf8')))
      for (const name of namedTsFiles(comment)) if (!existing.has(name)) missing.push(`${file}: ${name}`);
  for (const file of docs)
    for (const name of namedTsFiles(readFileSync(join(root, file), 'utf8')))
      if (!existing.has(name)) missing.push(`${file}: ${name}`);
  expect(sources.length).toBeGreaterThan(500);
  expect(missing).toEqual([]);
});
