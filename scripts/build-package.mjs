// The package's JavaScript and declarations (npm's `prepack` runs it, so a tarball always has them):
//   dist/mock-cec.mjs       the simulator's command, and dist/media-worker.mjs its media worker; what they
//                           load only when needed is in dist/cli-chunks/ (scripts/build-cli.mjs)
//   dist/lib/*.mjs          the package exports and the harness's commands, ESM with shared chunks
//                           (one copy of each module, so `test` and the actors are the same objects
//                           whichever export a user imports them from); dependencies stay imports
//   dist/types/**/*.d.ts    declarations from tsc, their relative imports rewritten .ts → .js
//
//   node scripts/build-package.mjs
import { execFileSync } from 'node:child_process';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { buildCli } from './build-cli.mjs';

export { buildCli };

const root = fileURLToPath(new URL('..', import.meta.url));

/** Export name → source entry. The names are the files in dist/lib/. */
export const entries = {
  msw: 'mock-cec/edges/msw/index.ts',
  control: 'harness/package/control.ts',
  playwright: 'harness/package/playwright.ts',
  scenario: 'harness/package/scenario.ts',
  'harness-cli': 'harness/cli/harness-cli.ts',
  integration: 'integration/cli/main.ts',
  config: 'harness/package/config.ts',
};

export async function buildLibrary(outdir = join(root, 'dist/lib')) {
  await rm(outdir, { recursive: true, force: true });
  await build({
    entryPoints: Object.fromEntries(Object.entries(entries).map(([name, src]) => [name, join(root, src)])),
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    // Dependencies and peers are the user's node_modules' own (msw's handlers and Playwright's `test` must be).
    packages: 'external',
  });
}

export async function buildDeclarations(outdir = join(root, 'dist/types')) {
  await rm(outdir, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/typescript/bin/tsc'),
      '-p',
      join(root, 'tsconfig.build.json'),
      '--outDir',
      outdir,
    ],
    {
      stdio: 'inherit',
    },
  );
  // tsc keeps `./x.ts` in declarations; a user's NodeNext project resolves `./x.js` to x.d.ts.
  for (const file of await walk(outdir)) {
    const text = await readFile(file, 'utf8');
    const fixed = text.replace(/(['"])(\.{1,2}\/[^'"]+)\.ts\1/g, '$1$2.js$1');
    if (fixed !== text) await writeFile(file, fixed);
  }
}

async function walk(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else if (entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** dist/mock-cec.config.schema.json: the project config's JSON Schema, for editors (from the built zod schema). */
export async function buildConfigSchema() {
  const { projectConfigJsonSchema } = await import(pathToFileURL(join(root, 'dist/lib/config.mjs')).href);
  await writeFile(
    join(root, 'dist/mock-cec.config.schema.json'),
    `${JSON.stringify(projectConfigJsonSchema(), null, 2)}\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await Promise.all([buildCli(), buildLibrary().then(buildConfigSchema), buildDeclarations()]);
}
