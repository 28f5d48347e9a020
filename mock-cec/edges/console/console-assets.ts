import { readFile } from 'node:fs/promises';
import { packageUrl } from '../http/package-url.ts';

/**
 * The console's files (./web): one HTML page, one stylesheet and a few small
 * browser modules. The modules are TypeScript, type-checked with the rest of
 * the project, and served as JavaScript after esbuild strips their types
 * (a per-file transform on first request, a few ms, cached; no bundling and
 * nothing written to disk). esbuild is already the CLI's bundler; it is loaded
 * only when the console is first opened.
 */
const contentTypes = {
  html: 'text/html;charset=UTF-8',
  css: 'text/css;charset=UTF-8',
  ts: 'text/javascript;charset=UTF-8',
} as const;

/** Plain names only: no folders, no dots in the stem, so neither `..` nor the tests (x.test.ts) are served. */
const NAME = /^[a-z][a-z0-9-]*\.(html|css|ts)$/;

export interface ConsoleAsset {
  body: string;
  contentType: string;
}

const webDir = packageUrl(import.meta.url, 'mock-cec/edges/console/web/');
const cache = new Map<string, Promise<ConsoleAsset | undefined>>();

/** A console file by name, or undefined when there is no such file. */
export function consoleAsset(name: string): Promise<ConsoleAsset | undefined> {
  const ext = NAME.exec(name)?.[1] as keyof typeof contentTypes | undefined;
  if (!ext) return Promise.resolve(undefined);
  let asset = cache.get(name);
  if (!asset) {
    asset = load(name, ext);
    cache.set(name, asset);
  }
  return asset;
}

async function load(name: string, ext: keyof typeof contentTypes): Promise<ConsoleAsset | undefined> {
  let text: string;
  try {
    text = await readFile(new URL(name, webDir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const body = ext === 'ts' ? await (BUNDLED.has(name) ? bundle(name) : stripTypes(text, name)) : text;
  return { body, contentType: contentTypes[ext] };
}

/**
 * Modules served as one bundle with what they import from packages: the
 * control API's typed client (Hono's `hc`), which the browser could not
 * resolve by its bare name.
 */
const BUNDLED = new Set(['control-client.ts']);

async function bundle(name: string): Promise<string> {
  const { build } = await import('esbuild');
  const out = await build({
    entryPoints: [new URL(name, webDir).pathname],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    write: false,
    sourcemap: 'inline',
  });
  return out.outputFiles[0]!.text;
}

async function stripTypes(source: string, name: string): Promise<string> {
  const { transform } = await import('esbuild');
  const out = await transform(source, {
    loader: 'ts',
    format: 'esm',
    target: 'es2022',
    // The browser's devtools show the TypeScript source.
    sourcemap: 'inline',
    sourcefile: `/__mock/console/${name}`,
  });
  return out.code;
}
