import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { importsOf, refusal } from './import-boundaries.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('importsOf', () => {
  test('reads every kind of import and re-export, type-only ones included', () => {
    const source = [
      "import type { A } from './a.ts';",
      'import { type B, c } from "./b.ts";',
      "export type { D } from './d.ts';",
      "export * as e from './e.ts';",
      "import './f.ts';",
      "const g = await import('./g.ts');",
      'import {',
      '  h,',
      "} from './h.ts';",
    ].join('\n');
    expect(importsOf(source)).toEqual(['./a.ts', './b.ts', './d.ts', './e.ts', './f.ts', './g.ts', './h.ts']);
  });

  test('ignores what only looks like an import: comments, strings, templates, regular expressions', () => {
    const source = [
      "// import { x } from './comment.ts';",
      "/* export * from './block.ts'; */",
      'const s = "import \'./string.ts\'";',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source under test holds a template
      "const t = `${a} import('./template.ts') ${`nested ${b}`} from './t.ts'`;",
      "const r = /from '(x)/.test(s) ? 1 : 2 / 3;",
      'const o = { from: "./key.ts" }; Array.from("./array.ts");',
      "import { real } from './real.ts';",
    ].join('\n');
    expect(importsOf(source)).toEqual(['./real.ts']);
  });
});

describe('refusal', () => {
  test('mock-cec imports neither integration nor harness, tests included', () => {
    expect(refusal('mock-cec/edges/control/client.ts', 'harness/actors/cec.ts')).toMatch(
      /never imports harness/,
    );
    expect(refusal('mock-cec/telephony/sip/x.spec.ts', 'integration/web/listen.ts')).toMatch(
      /never imports integration/,
    );
    expect(
      refusal('mock-cec/telephony/sip/sip-server.ts', 'mock-cec/telephony/sip/core/parse-message.ts'),
    ).toBeUndefined();
  });

  test('integration imports mock-cec only from its tests and test helpers, and never harness', () => {
    expect(refusal('integration/web/listen.ts', 'mock-cec/infrastructure/config/seed-tenant.ts')).toMatch(
      /only from its tests/,
    );
    expect(
      refusal('integration/accounts/sync-accounts.test.ts', 'mock-cec/start-mock-cec.ts'),
    ).toBeUndefined();
    expect(refusal('integration/testing/against-mock-cec.ts', 'mock-cec/start-mock-cec.ts')).toBeUndefined();
    expect(refusal('integration/testing/against-mock-cec.ts', 'harness/fixtures.ts')).toMatch(
      /never imports/,
    );
  });

  test('harness, scenarios, bench and examples may import mock-cec and integration', () => {
    expect(refusal('harness/stack/start-stack.ts', 'mock-cec/edges/control/client.ts')).toBeUndefined();
    expect(refusal('harness/stack/start-stack.ts', 'integration/start-integration.ts')).toBeUndefined();
    expect(refusal('scenarios/scenarios.spec.ts', 'harness/fixtures.ts')).toBeUndefined();
  });
});

/** Source files of the parts the layering table names (browser scripts included; no dependencies, no builds). */
function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mts|js|mjs)$/.test(e.name))
    .map((e) => posix.join(relative(root, e.parentPath).split('\\').join('/'), e.name))
    .filter((p) => !p.split('/').includes('node_modules'));
}

/** The repository file an import names: relative paths, and the package's own exports (`mock-cec/control`). */
function target(
  from: string,
  specifier: string,
  exports: Record<string, { types?: string }>,
): string | undefined {
  if (specifier.startsWith('.')) return posix.normalize(posix.join(posix.dirname(from), specifier));
  if (specifier.startsWith('mock-cec/')) {
    const types = exports[`./${specifier.slice('mock-cec/'.length)}`]?.types;
    return types?.replace(/^\.\/dist\/types\//, '').replace(/\.d\.ts$/, '.ts');
  }
  return undefined;
}

test('every import keeps the layering of docs/architecture.md', () => {
  const exports = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).exports;
  const files = ['mock-cec', 'integration', 'harness', 'scenarios', 'bench', 'examples'].flatMap(sourceFiles);
  expect(files.length).toBeGreaterThan(500);
  const broken: string[] = [];
  let read = 0;
  for (const from of files)
    for (const specifier of importsOf(readFileSync(join(root, from), 'utf8'))) {
      read++;
      const to = target(from, specifier, exports);
      const why = to && refusal(from, to);
      if (why) broken.push(`${from} → ${to}: ${why}`);
    }
  expect(read).toBeGreaterThan(2000);
  expect(broken).toEqual([]);
});
