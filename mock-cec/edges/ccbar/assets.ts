import { readFile } from 'node:fs/promises';
import { packageUrl } from '../http/package-url.ts';

/**
 * The bar's files (plain HTML, CSS and JS under ./static, no build step),
 * read once on first use and kept.
 */
const files = {
  'ccbarclient.js': 'application/javascript;charset=UTF-8',
  'ccbar.html': 'text/html;charset=UTF-8',
  'ccbar.js': 'application/javascript;charset=UTF-8',
  'ccbar.css': 'text/css;charset=UTF-8',
} as const;

export type AssetName = keyof typeof files;

const cache = new Map<AssetName, Promise<string>>();
// Found from the package root, so that the CLI's bundle in dist/ finds them too.
const staticDir = packageUrl(import.meta.url, 'mock-cec/edges/ccbar/static/');

export function asset(name: AssetName): Promise<{ text: string; contentType: string }> {
  let text = cache.get(name);
  if (!text) {
    text = readFile(new URL(name, staticDir), 'utf8');
    cache.set(name, text);
  }
  return text.then((t) => ({ text: t, contentType: files[name] }));
}

/** What the served ccbarclient.js is told about this load. */
export interface ClientScriptConfig {
  /** The CEC's `…/service-cloud/` URL, used when the page has no `$aicc_ContextPath`. */
  base: string;
  framePath: string;
  tenant: string;
  ticket: string;
}

/** ccbarclient.js with this load's configuration in place of its placeholder. */
export async function clientScript(config: ClientScriptConfig): Promise<string> {
  const { text } = await asset('ccbarclient.js');
  // `<` escaped so that the JSON can never close a <script> element it is inlined into.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return text.replace('/*__CCBAR_CONFIG__*/ {}', json);
}
