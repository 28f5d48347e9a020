import { existsSync } from 'node:fs';

/**
 * The URL of a file shipped in this package (static pages, scripts), found from
 * the sources (tsx, Vitest, Playwright) and from the CLI's one-file bundle in
 * dist/ alike: `import.meta.url` differs between the two, the package root
 * (the nearest folder with a package.json) does not.
 */
export function packageUrl(metaUrl: string, path: string): URL {
  let dir = new URL('.', metaUrl);
  for (;;) {
    if (existsSync(new URL('package.json', dir))) return new URL(path, dir);
    const parent = new URL('..', dir);
    if (parent.href === dir.href) throw new Error(`no package.json above ${metaUrl}`);
    dir = parent;
  }
}
