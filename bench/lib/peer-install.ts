import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Install a peer tool for a side-by-side run into .bench/peers (outside the
 * project's lockfile: peers are measured, not depended on). Returns the path of
 * its binary, or undefined with the reason printed when it cannot be had.
 */
export function installPeer(pkg: string, bin: string, dir = '.bench/peers'): string | undefined {
  const binPath = join(dir, 'node_modules', '.bin', bin);
  if (existsSync(binPath)) return binPath;
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'package.json')))
    writeFileSync(join(dir, 'package.json'), '{"name":"bench-peers","private":true}\n');
  process.stdout.write(`bench: installing ${pkg} into ${dir} (once)…\n`);
  try {
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', pkg], {
      cwd: dir,
      stdio: 'inherit',
    });
  } catch {
    process.stdout.write(`bench: could not install ${pkg}; its column is left out\n`);
    return undefined;
  }
  return existsSync(binPath) ? binPath : undefined;
}
