import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FromWorker } from '../mock-cec/telephony/media/worker/protocol.ts';
// @ts-expect-error: a build script in JavaScript, without declarations
import { buildCli } from './build-cli.mjs';

// Under the checkout's dist/ (ignored by git), so that the bundle's externals (esbuild, better-sqlite3)
// resolve from its node_modules as they do from dist/mock-cec.mjs.
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
mkdirSync(dist, { recursive: true });
const dir = mkdtempSync(join(dist, 'build-cli-test-'));
const entry = join(dir, 'mock-cec.mjs');
beforeAll(() => buildCli(entry), 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The files a module loads before it runs: itself and its static imports, transitively. */
function loadedAtStart(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/^import\s+(?:[^;]*?\sfrom\s*)?"(\.{1,2}\/[^"]+)"/gm))
    loadedAtStart(join(dirname(file), m[1]!), seen);
  return seen;
}

/** Runs the built command's `main` with the arguments after it. */
const runMain = `const { main } = await import(${JSON.stringify(pathToFileURL(entry).href)}); process.exitCode = await main(process.argv.slice(1));`;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** Stops a started command: SIGTERM, SIGKILL after 10 s if it has not exited. */
/** `mock-cec start` from the built command, with what it writes to stderr so far. */
function startBuilt(args: string[]): { child: ChildProcess; stderr: () => string } {
  const child = spawn(process.execPath, ['--input-type=module', '-e', runMain, 'start', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  return { child, stderr: () => stderr };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = child.exitCode === null ? new Promise((r) => child.once('exit', r)) : undefined;
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  await exited;
}

/**
 * The command's start reads only what answering needs: werift (the first
 * WebRTC call), undici (the token callback) and @peculiar/x509 (making the
 * development CA) are chunks loaded when used. As one file, every start parsed
 * all 5 MB and kept the source in the heap.
 */
describe('the CLI as built', () => {
  it("leaves werift, undici, @peculiar/x509, yaml and zod's other languages out of what it loads at start", () => {
    const files = [...loadedAtStart(entry)];
    const text = files.map((f) => readFileSync(f, 'utf8')).join('\n');
    // esbuild marks each bundled module with its path in a comment.
    expect(text).toContain('node_modules/zod/');
    const lazyParts = [
      'node_modules/werift',
      'node_modules/undici/',
      'node_modules/@peculiar/',
      // The YAML parser: only with --config or --faults.
      'node_modules/yaml/',
      // zod's error messages in other languages than English.
      'node_modules/zod/v4/locales/fr.js',
    ];
    for (const lazy of lazyParts)
      expect({ lazy, atStart: text.includes(lazy) }).toEqual({ lazy, atStart: false });
  });

  it('starts and answers from the split build', async () => {
    const port = await freePort();
    const { child, stderr } = startBuilt(['--no-tls', '--no-sip', '--quiet', '--port', String(port)]);
    try {
      let health: unknown;
      for (let i = 0; i < 600 && health === undefined && child.exitCode === null; i++) {
        health = await fetch(`http://127.0.0.1:${port}/__mock/health`, { headers: { connection: 'close' } })
          .then((r) => (r.ok ? r.json() : undefined))
          .catch(() => new Promise((r) => setTimeout(r, 100)));
      }
      expect({ health, stderr: stderr() }).toMatchObject({ health: { status: 'ok' }, stderr: '' });
    } finally {
      await stop(child);
    }
  }, 120_000);

  it('makes its development CA through the x509 chunk and answers over HTTPS', async () => {
    // @peculiar/x509 is CommonJS: imported as a chunk, its exports came as `default` only, and every
    // start that had to make a certificate (a fresh install's first `mock-cec start`) died on it.
    const port = await freePort();
    const certDir = mkdtempSync(join(dir, 'certs-'));
    const { child, stderr } = startBuilt([
      '--no-sip',
      '--quiet',
      '--port',
      String(port),
      '--cert-dir',
      certDir,
    ]);
    const healthOverHttps = () =>
      new Promise<unknown>((resolve) => {
        const req = httpsGet(
          {
            host: '127.0.0.1',
            port,
            path: '/__mock/health',
            ca: readFileSync(join(certDir, 'ca-cert.pem')),
            agent: false,
          },
          (res) => {
            let body = '';
            res.on('data', (d) => {
              body += d;
            });
            res.on('end', () => resolve(res.statusCode === 200 ? JSON.parse(body) : undefined));
          },
        );
        req.on('error', () => setTimeout(() => resolve(undefined), 100));
      });
    try {
      let health: unknown;
      for (let i = 0; i < 600 && health === undefined && child.exitCode === null; i++) {
        health = existsSync(join(certDir, 'ca-cert.pem'))
          ? await healthOverHttps()
          : await new Promise((r) => setTimeout(() => r(undefined), 100));
      }
      expect({ health, stderr: stderr() }).toMatchObject({ health: { status: 'ok' }, stderr: '' });
    } finally {
      await stop(child);
    }
  }, 120_000);

  it("reads a --faults file through the YAML parser it loads then, with zod's English messages", async () => {
    const faults = join(dir, 'faults.yaml');
    writeFileSync(faults, '- api: NoSuchApi\n  retcode: "1"\n');
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', runMain, 'start', '--no-tls', '--no-sip', '--faults', faults],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const code = await new Promise((r) => child.once('exit', r));
    expect({ code, stderr }).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(`${faults}:1: [0].api: unknown API "NoSuchApi"; known: TokenByAkSk`),
    });
  }, 120_000);

  it('builds the media worker beside it, loading its chunks', async () => {
    const worker = new Worker(new URL('media-worker.mjs', pathToFileURL(entry)));
    try {
      const reply = await new Promise<FromWorker>((resolve, reject) => {
        worker.once('error', reject);
        worker.on('message', (m: FromWorker) => {
          if (m.t === 'ok' || m.t === 'err') resolve(m);
        });
        worker.postMessage({ t: 'heap', id: 1 });
      });
      expect(reply).toMatchObject({ t: 'ok', id: 1, heap: { collected: false } });
    } finally {
      await worker.terminate();
    }
  }, 120_000);
});
