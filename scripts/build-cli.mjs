// Bundle TypeScript entry points into one ESM file each with esbuild: the command
// starts in a fraction of the time tsx needs to compile ~100 modules on the fly.
// The package's exports are built by scripts/build-package.mjs.
//
//   node scripts/build-cli.mjs     builds dist/mock-cec.mjs
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/** `external`: packages the caller must share with the bundle (msw: the consumer's own instance). */
export async function bundle(entry, outfile, { external = [] } = {}) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    // Native modules and packages that read their own files at run time stay outside the bundle.
    // esbuild itself cannot be bundled; the console loads it to serve its modules.
    external: ['better-sqlite3', 'playwright', 'playwright-core', 'fsevents', 'esbuild', ...external],
    // Some dependencies are CommonJS and call require(); give the bundle one.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
  await asciiOnly(outfile);
}

/**
 * esbuild escapes non-ASCII characters in code (`charset: 'ascii'`) but keeps
 * comments as written; one ’ in a dependency's comment made V8 hold the whole
 * 5 MB bundle as a two-byte string, 10 MB of heap for as long as the process
 * runs. Escaped inside comments too, it is held as one-byte text: 5 MB less.
 */
export async function asciiOnly(file) {
  const text = await readFile(file, 'utf8');
  const ascii = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (ascii !== text) await writeFile(file, ascii);
}

/**
 * The command, and beside it the media worker it starts (decision record 008): spawn-media-worker.ts
 * finds dist/media-worker.mjs next to dist/mock-cec.mjs, or above a library chunk in dist/lib/.
 */
export const buildCli = (outfile = `${root}dist/mock-cec.mjs`) =>
  Promise.all([
    bundle(`${root}mock-cec/edges/cli/main.ts`, outfile),
    buildMediaWorker(fileURLToPath(new URL('media-worker.mjs', pathToFileURL(outfile)))),
  ]);

export const buildMediaWorker = (outfile = `${root}dist/media-worker.mjs`) =>
  bundle(`${root}mock-cec/telephony/media/worker/media-worker.ts`, outfile);

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildCli();
}
