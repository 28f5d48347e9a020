import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * A Debian package a peer of the bench needs (sipp, Kamailio): installed with
 * apt-get when `path` is missing, and the bench says so. False when it cannot
 * be had; the caller leaves its column out.
 */
export function ensureApt(path: string, pkg: string): boolean {
  if (existsSync(path)) return true;
  process.stdout.write(`bench: ${path} is missing; installing Debian ${pkg} with apt-get…\n`);
  try {
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', pkg], { stdio: 'inherit' });
  } catch {
    process.stdout.write(`bench: could not install ${pkg}; what needs it is left out\n`);
    return false;
  }
  return existsSync(path);
}
