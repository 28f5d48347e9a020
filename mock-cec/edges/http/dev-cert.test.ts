import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDevCa, signServerCert } from './dev-ca.ts';
import { DevCertError, ensureDevCert } from './dev-cert.ts';

/** Connect with only `ca` trusted and `servername` expected: resolves when Node's TLS accepts the chain. */
async function handshake(
  ca: string,
  server: { cert: string; key: string },
  servername: string,
  host = '127.0.0.1',
) {
  const srv = createServer({ cert: server.cert, key: server.key }, (s) => s.end());
  await new Promise<void>((r) => srv.listen(0, host, r));
  const port = (srv.address() as AddressInfo).port;
  try {
    return await new Promise<string>((resolve) => {
      const s = connect({ host, port, ca, servername }, () => {
        s.destroy();
        resolve('accepted');
      });
      s.on('error', (err: NodeJS.ErrnoException) => resolve(`${err.code}: ${err.message}`));
    });
  } finally {
    srv.close();
  }
}

describe('the development CA', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dev-cert-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is name-constrained to localhost, 127.0.0.1 and ::1, critically', async () => {
    const cert = await ensureDevCert(join(dir, 'a'));
    const ca = new X509Certificate(cert.ca);
    expect(ca.ca).toBe(true);
    // Node's X509Certificate shows extensions only through toLegacyObject's raw text; ask the DER.
    const der = ca.raw.toString('hex');
    expect(der).toContain('0603551d1e'); // OID 2.5.29.30 nameConstraints
    const server = new X509Certificate(cert.cert);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkIP('::1')).toBe('::1');
  });

  it('keeps no CA private key on disk, and removes one an older version left', async () => {
    const d = join(dir, 'b');
    await ensureDevCert(d);
    expect((await readdir(d)).sort()).toEqual(['ca-cert.pem', 'server-cert.pem', 'server-key.pem']);
    await writeFile(join(d, 'ca-key.pem'), 'old key');
    await ensureDevCert(d);
    expect(existsSync(join(d, 'ca-key.pem'))).toBe(false);
  });

  it('replaces an unconstrained CA an earlier version made', async () => {
    const d = join(dir, 'old');
    const first = await ensureDevCert(d);
    // An earlier version's CA: the same files, but a CA without name constraints.
    const old = await import('@peculiar/x509');
    const { webcrypto } = await import('node:crypto');
    old.cryptoProvider.set(webcrypto as unknown as Crypto);
    const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
    const unconstrained = await old.X509CertificateGenerator.createSelfSigned({
      name: 'CN=old CA',
      keys,
      signingAlgorithm: alg,
      extensions: [new old.BasicConstraintsExtension(true, undefined, true)],
    });
    await writeFile(join(d, 'ca-cert.pem'), unconstrained.toString('pem'));
    const second = await ensureDevCert(d);
    expect(second.ca).not.toBe(first.ca);
    expect(new X509Certificate(second.ca).raw.toString('hex')).toContain('0603551d1e');
    expect(new X509Certificate(second.cert).checkIssued(new X509Certificate(second.ca))).toBe(true);
  });

  it('serves TLS for localhost and 127.0.0.1 that Node accepts', async () => {
    const cert = await ensureDevCert(join(dir, 'c'));
    expect(await handshake(cert.ca, cert, 'localhost')).toBe('accepted');
  });

  it('cannot vouch for another name: Node refuses a certificate it signed for one', async () => {
    const ca = await makeDevCa();
    const evil = await signServerCert(ca, { dns: ['bank.example'], ip: [] });
    const fine = await signServerCert(ca, { dns: ['localhost'], ip: ['127.0.0.1'] });
    expect(await handshake(ca.cert, fine, 'localhost')).toBe('accepted');
    expect(await handshake(ca.cert, evil, 'bank.example')).toMatch(/permitted subtree violation/);
    const evilIp = await signServerCert(ca, { dns: [], ip: ['10.1.2.3'] });
    expect(await handshake(ca.cert, evilIp, 'localhost')).toMatch(/permitted subtree violation/);
  });

  it('says which folder and why when it cannot be used', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    await expect(ensureDevCert(file)).rejects.toThrow(new DevCertError(file, 'is a file, not a folder'));
    const corrupt = join(dir, 'd');
    await ensureDevCert(corrupt);
    await writeFile(
      join(corrupt, 'server-key.pem'),
      '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n',
    );
    await expect(ensureDevCert(corrupt)).rejects.toThrow(/server-key\.pem is not a private key/);
  });
});
