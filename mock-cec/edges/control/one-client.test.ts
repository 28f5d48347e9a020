import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';

/**
 * The control API has one client, derived from its route records
 * (typed-client.ts): the harness, the benches and the console reach it
 * through that client, never by fetching its paths by hand (an ad-hoc client
 * drifts from the records, and nothing checks it). A readiness probe of
 * /__mock/health, before any client exists, is the one exception.
 */
const root = join(import.meta.dirname, '../../..');
const FOLDERS = [
  'harness',
  'bench',
  'mock-cec/edges/console/web',
  'mock-cec/telephony/sip/testing',
  'integration',
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(path);
    return /\.ts$/.test(e.name) && !/\.(test|spec)\.ts$/.test(e.name) ? [path] : [];
  });
}

it('no module outside the control client fetches a control API path by hand', () => {
  const offenders = FOLDERS.flatMap((f) => sources(join(root, f))).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    if (!/\bfetch\(/.test(text)) return [];
    const paths = [...text.matchAll(/[`'"](?:\$\{[^}]+\})?\/__mock\/([\w/-]*)/g)].map((m) => m[1]);
    return paths.some((p) => p !== 'health') ? [relative(root, file)] : [];
  });
  expect(offenders).toEqual([]);
});
