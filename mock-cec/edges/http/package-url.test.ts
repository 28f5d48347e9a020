import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { packageUrl } from './package-url.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('packageUrl', () => {
  it('finds a file from the sources and from a bundle in dist/ alike', () => {
    const fromSource = packageUrl(import.meta.url, 'mock-cec/edges/console/web/console.html');
    const fromBundle = packageUrl(
      pathToFileURL(join(root, 'dist/mock-cec.mjs')).href,
      'mock-cec/edges/console/web/console.html',
    );
    expect(fromBundle.href).toBe(fromSource.href);
    expect(existsSync(fromSource)).toBe(true);
  });

  it('says so when there is no package above', () => {
    expect(() => packageUrl('file:///', 'x')).toThrow('no package.json above file:///');
  });

  it("lets a one-file bundle in dist/ (the CLI's) serve the bar's and the console's files", async () => {
    await mkdir(join(root, 'dist'), { recursive: true });
    const dir = await mkdtemp(join(root, 'dist', 'bundle-test-'));
    try {
      const { bundle } = (await import(pathToFileURL(join(root, 'scripts/build-cli.mjs')).href)) as {
        bundle(entry: string, out: string): Promise<void>;
      };
      const out = join(dir, 'start.mjs');
      await bundle(join(root, 'mock-cec/start-mock-cec.ts'), out);
      // ASCII only, comments too: one other character and V8 holds the whole bundle two bytes a character.
      expect((await readFile(out, 'latin1')).match(/[^\x00-\x7f]+/g) ?? []).toEqual([]);
      // A child process: the bundle runs as the CLI would, outside the test runner's module loader.
      const script = `
        const { startMockCec } = await import(${JSON.stringify(pathToFileURL(out).href)});
        const cec = await startMockCec({ tls: false });
        const get = async (path) => { const r = await fetch(cec.url + path); return r.status + ' ' + r.headers.get('content-type'); };
        console.log(JSON.stringify([
          await get('/service-cloud/ccdesktop/pages/cc-bar/ccbar.css'),
          await get('/__mock/console'),
          await get('/__mock/console/app.ts'),
        ]));
        await cec.close();`;
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
        cwd: root,
        timeout: 20_000,
      });
      expect(JSON.parse(stdout)).toEqual([
        '200 text/css;charset=UTF-8',
        '200 text/html;charset=UTF-8',
        '200 text/javascript;charset=UTF-8',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
