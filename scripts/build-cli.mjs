// Bundle TypeScript entry points into one ESM file each with esbuild: the command
// starts in a fraction of the time tsx needs to compile ~100 modules on the fly.
// The package's exports are built by scripts/build-package.mjs.
//
//   node scripts/build-cli.mjs     builds dist/mock-cec.mjs
import { readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/** What every bundle is built with. */
const common = (external = []) => ({
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

/** `external`: packages the caller must share with the bundle (msw: the consumer's own instance). */
export async function bundle(entry, outfile, { external = [] } = {}) {
  await build({ entryPoints: [entry], outfile, ...common(external) });
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
 * zod's `z` carries every locale's error messages as `z.locales` (358 KB of the 735 KB zod puts in the
 * command, parsed at each start); the simulator's messages are English (zod's default, `en`, imported
 * by zod on its own) and nothing reads `z.locales`. So the command's build gives it English only.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: "export { default as en } from './en.js';\n",
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

/** The folder beside dist/mock-cec.mjs of the chunks the command loads when it needs them. */
export const CLI_CHUNKS = 'cli-chunks';

/**
 * The command, and beside it the media worker it starts (decision record 008): spawn-media-worker.ts
 * finds dist/media-worker.mjs next to dist/mock-cec.mjs, or above a chunk (dist/cli-chunks/, dist/lib/…).
 *
 * One build with code splitting: what the sources load with `import()` only when it is needed (werift
 * on the first WebRTC call, undici for the token callback, @peculiar/x509 to make the development
 * CA) is a chunk of its own in dist/cli-chunks/, read only then. In one file, V8 parsed all of it at
 * every start (5 MB, of which 2.5 MB such parts) and kept its source in the heap; the worker and the
 * command share the media engine's chunk.
 */
export async function buildCli(outfile = `${root}dist/mock-cec.mjs`) {
  const outdir = dirname(outfile);
  await rm(join(outdir, CLI_CHUNKS), { recursive: true, force: true });
  const result = await build({
    entryPoints: {
      [basename(outfile, '.mjs')]: `${root}mock-cec/edges/cli/main.ts`,
      'media-worker': `${root}mock-cec/telephony/media/worker/media-worker.ts`,
    },
    outdir,
    outExtension: { '.js': '.mjs' },
    splitting: true,
    chunkNames: `${CLI_CHUNKS}/[name]-[hash]`,
    metafile: true,
    absWorkingDir: root,
    plugins: [zodEnglishOnly],
    ...common(),
  });
  const written = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.mjs'));
  await Promise.all(written.map((f) => asciiOnly(join(root, f))));
}

export const buildMediaWorker = (outfile = `${root}dist/media-worker.mjs`) =>
  bundle(`${root}mock-cec/telephony/media/worker/media-worker.ts`, outfile);

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildCli();
}
