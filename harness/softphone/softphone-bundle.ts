import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * The browser softphone and sip.js as one ES module (esbuild), built once per
 * process: one file loads in a page far faster than sip.js's ~100 modules
 * (NOTES-platform.md).
 */
let bundle: Promise<string> | undefined;

export function softphoneBundle(): Promise<string> {
  bundle ??= build({
    entryPoints: [join(import.meta.dirname, 'browser-softphone.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // Half the bytes for the page to parse (~480 KB → ~200 KB): every scenario with OpenEye loads it anew.
    minify: true,
    write: false,
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0]!.text);
  return bundle;
}
