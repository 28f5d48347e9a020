#!/usr/bin/env node
// The integration command (the reference third-party system), from the package's bundle (dist/lib/, built by
// `prepack`); in a checkout of the repository without a build, tsx runs the TypeScript sources directly.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/lib/integration.mjs', import.meta.url);
const checkout = existsSync(new URL('../scripts/build-package.mjs', import.meta.url));
let main;
if (checkout) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../integration/cli/main.ts'));
} else {
  ({ main } = await import(bundle.href));
}
process.exitCode = await main(process.argv.slice(2), process.env);
