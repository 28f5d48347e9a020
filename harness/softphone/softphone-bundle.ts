import { fileURLToPath } from 'node:url';
import { build, type Format } from 'esbuild';
import { packageUrl } from '../../mock-cec/edges/http/package-url.ts';

/**
 * The browser softphone and sip.js as one ES module (esbuild), built once per
 * process: one file loads in a page far faster than sip.js's ~100 modules
 * (NOTES-platform.md).
 */
export function softphoneBundle(): Promise<string> {
  return browserBundle('browser-softphone.ts', 'esm');
}

/** The phone fleet's page code (browser-fleet.ts), a classic script using the page's softphone. */
export function fleetBundle(): Promise<string> {
  return browserBundle('browser-fleet.ts', 'iife');
}

const bundles = new Map<string, Promise<string>>();

function browserBundle(file: string, format: Format): Promise<string> {
  let bundle = bundles.get(file);
  if (!bundle) {
    bundle = build({
      // From the package root: the package's bundles in dist/ are not beside these sources.
      entryPoints: [fileURLToPath(packageUrl(import.meta.url, `harness/softphone/${file}`))],
      bundle: true,
      format,
      platform: 'browser',
      target: 'es2022',
      // Half the bytes for a page to parse (~480 KB → ~230 KB): every scenario with OpenEye loads it anew.
      minify: true,
      write: false,
      logLevel: 'silent',
    }).then((r) => r.outputFiles[0]!.text);
    bundles.set(file, bundle);
  }
  return bundle;
}
