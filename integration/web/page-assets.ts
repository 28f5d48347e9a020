import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface PageAssets {
  js: string;
  css: string;
  /** Content hash of both, for ETags. */
  etag: string;
}

/**
 * The page's script, bundled once at start with SIP.js into one file: one
 * request instead of the ~100 modules of sip.js/lib (0.7–1.1 s measured in
 * Chromium on this kind of machine), and type-checked like the rest of the code.
 */
export async function buildPageAssets(): Promise<PageAssets> {
  const entry = fileURLToPath(new URL('client/desk.ts', webDir()));
  const [bundle, css] = await Promise.all([
    build({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      target: 'es2022',
      minify: true,
      write: false,
      legalComments: 'none',
      logLevel: 'silent',
    }),
    readFile(new URL('static/desk.css', webDir()), 'utf8'),
  ]);
  const js = bundle.outputFiles[0]!.text;
  const etag = `"${createHash('sha256').update(js).update(css).digest('base64url').slice(0, 16)}"`;
  return { js, css, etag };
}

/**
 * This folder, found from the package root: from the sources `import.meta.url`
 * is here, from the package's bundles in dist/ it is not (the page's sources
 * ship in the package beside them).
 */
function webDir(): URL {
  let dir = new URL('.', import.meta.url);
  while (!existsSync(new URL('package.json', dir))) {
    const parent = new URL('..', dir);
    if (parent.href === dir.href) throw new Error(`no package.json above ${import.meta.url}`);
    dir = parent;
  }
  return new URL('integration/web/', dir);
}
