import { createSocket } from 'node:dgram';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './testing/run-cli.ts';

/** Run `mock-cec start ...args`, expecting it to refuse: its exit code and its stderr. */
async function refused(args: readonly string[]) {
  const cli = runCli(['start', '--quiet', ...args]);
  const code = await cli.exited;
  return { code, stderr: cli.stderr() };
}

/** One line, naming what it must, with no stack trace. */
function oneLine(stderr: string) {
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr.trim().split('\n')).toHaveLength(1);
  return stderr.trim();
}

describe('mock-cec start refuses bad start-up conditions in one line', { timeout: 60_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mock-cec-start-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('a certificate folder that cannot be written is said so, not reported as a listen error', async () => {
    let certDir: string;
    if (process.getuid?.() === 0) {
      // root writes through file modes; /sys refuses new folders to everyone.
      certDir = '/sys/kernel/mock-cec-certs';
    } else {
      const locked = join(dir, 'locked');
      await mkdir(locked, { mode: 0o500 });
      await chmod(locked, 0o500);
      certDir = join(locked, 'certs');
    }
    const { code, stderr } = await refused(['--port', '0', '--no-sip', '--cert-dir', certDir]);
    expect(code).toBe(1);
    expect(oneLine(stderr)).toMatch(
      new RegExp(
        `^mock-cec: --cert-dir ${certDir}: cannot write the development certificate there \\(E[A-Z]+\\)`,
      ),
    );
  });

  it('a certificate folder that is a file', async () => {
    const file = join(dir, 'certs-file');
    await writeFile(file, 'not a folder');
    const { code, stderr } = await refused(['--port', '0', '--no-sip', '--cert-dir', file]);
    expect(code).toBe(1);
    expect(oneLine(stderr)).toBe(`mock-cec: --cert-dir ${file}: is a file, not a folder`);
  });

  it('a corrupt server key', async () => {
    const certDir = join(dir, 'corrupt');
    const { ensureDevCert } = await import('../http/dev-cert.ts');
    await ensureDevCert(certDir);
    await writeFile(
      join(certDir, 'server-key.pem'),
      '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n',
    );
    const { code, stderr } = await refused(['--port', '0', '--no-sip', '--cert-dir', certDir]);
    expect(code).toBe(1);
    expect(oneLine(stderr)).toBe(
      `mock-cec: --cert-dir ${certDir}: server-key.pem is not a private key (delete the folder to make new ones)`,
    );
  });

  it('a YAML alias bomb', async () => {
    const file = join(dir, 'bomb.yaml');
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    await writeFile(file, `${lines.join('\n')}\n`);
    const { code, stderr } = await refused(['--no-tls', '--port', '0', '--no-sip', '--config', file]);
    expect(code).toBe(2);
    expect(oneLine(stderr)).toMatch(new RegExp(`^mock-cec: ${file}: cannot be read: .*alias`, 'i'));
  });

  it('a 17 MB tenant file is refused by its size, before it is parsed', async () => {
    const file = join(dir, 'huge.yaml');
    await writeFile(file, `agents:\n${'#'.repeat(17 * 1024 * 1024 - 8)}\n`);
    const { code, stderr } = await refused(['--no-tls', '--port', '0', '--no-sip', '--config', file]);
    expect(code).toBe(2);
    expect(oneLine(stderr)).toBe(`mock-cec: ${file}: is 17.0 MiB; configuration files are limited to 1 MiB`);
  });

  it('a fault rule naming an unknown API, with the known ones', async () => {
    const file = join(dir, 'faults.yaml');
    await writeFile(file, '- api: TokenByAKSK\n  action: {do: drop}\n');
    const { code, stderr } = await refused(['--no-tls', '--port', '0', '--no-sip', '--faults', file]);
    expect(code).toBe(2);
    expect(oneLine(stderr)).toMatch(
      new RegExp(
        `^mock-cec: ${file}:1: \\[0\\]\\.api: unknown API "TokenByAKSK"; known: TokenByAkSk, QueryAgentInfo, `,
      ),
    );
  });

  it('an HTTPS port in use names the listener, the address and the port', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as AddressInfo).port;
    try {
      const { code, stderr } = await refused([
        '--port',
        String(port),
        '--no-sip',
        '--cert-dir',
        join(dir, 'c'),
      ]);
      expect(code).toBe(1);
      expect(oneLine(stderr)).toBe(
        `mock-cec: HTTPS cannot listen on 127.0.0.1:${port}: the port is already in use (is another mock-cec running?) (choose another with --port)`,
      );
    } finally {
      busy.close();
    }
  });

  it('a SIP port in use names the SIP listener and --sip-port', async () => {
    const busy = createSocket('udp4');
    await new Promise<void>((r) => busy.bind(0, '127.0.0.1', r));
    const port = busy.address().port;
    try {
      const { code, stderr } = await refused(['--no-tls', '--port', '0', '--sip-port', String(port)]);
      expect(code).toBe(1);
      expect(oneLine(stderr)).toBe(
        `mock-cec: SIP UDP cannot listen on 127.0.0.1:${port}: the port is already in use (is another mock-cec running?) (choose another with --sip-port)`,
      );
    } finally {
      busy.close();
    }
  });
});
