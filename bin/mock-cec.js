#!/usr/bin/env node
// The mock-cec command. `start` runs an esbuild bundle of the simulator (dist/mock-cec.mjs and its chunks)
// (cold start ~0.25 s instead of ~0.8 s with tsx compiling ~100 modules); `scenario`,
// `ladder` and `init` run the harness's bundle (dist/lib/harness-cli.mjs). Both are built
// by `prepack`, so an installed package runs as shipped; in a checkout of the repository
// (where scripts/ exists) they are rebuilt here whenever a source file is newer.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const HARNESS = new Set(['scenario', 'ladder', 'init']);
const [command, ...rest] = process.argv.slice(2);
const harness = HARNESS.has(command);
const bundle = harness ? `${root}dist/lib/harness-cli.mjs` : `${root}dist/mock-cec.mjs`;

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) latest = Math.max(latest, newest(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

const checkout = existsSync(`${root}scripts/build-package.mjs`);
if (checkout) {
  const lock = existsSync(`${root}package-lock.json`) ? statSync(`${root}package-lock.json`).mtimeMs : 0;
  const dirs = harness ? ['mock-cec', 'harness', 'integration'] : ['mock-cec'];
  const sourcesChanged = Math.max(lock, ...dirs.map((d) => newest(`${root}${d}`)));
  // `start` also needs the media worker's bundle beside its own (decision record 008).
  const worker = harness || existsSync(`${root}dist/media-worker.mjs`);
  if (!existsSync(bundle) || !worker || statSync(bundle).mtimeMs < sourcesChanged) {
    const build = await import('../scripts/build-package.mjs');
    await (harness ? build.buildLibrary() : build.buildCli());
  }
}
if (harness) {
  const { harnessMain } = await import(bundle);
  process.exitCode = await harnessMain(command, rest);
} else {
  const { main } = await import(bundle);
  process.exitCode = await main(process.argv.slice(2));
}
