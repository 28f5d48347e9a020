// Bundle a TypeScript entry point into one ESM file with esbuild, so the command
// starts in a fraction of the time tsx needs to compile ~100 modules on the fly.
import { build } from 'esbuild';

export async function bundle(entry, outfile) {
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
    external: ['better-sqlite3', 'playwright', 'playwright-core', 'fsevents', 'esbuild'],
    // Some dependencies are CommonJS and call require(); give the bundle one.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
}
