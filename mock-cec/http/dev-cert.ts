import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface DevCert {
  key: string;
  cert: string;
  /** The CA that signed `cert`: trust it in clients (the integration, Node's fetch). */
  ca: string;
  caFile: string;
  dir: string;
}

/**
 * A development CA and a server certificate for localhost and 127.0.0.1,
 * created on first use and kept in `dir`, so that browsers and clients that
 * trust the CA once keep trusting later runs. The vendor's side is HTTPS only,
 * and WebRTC needs a secure page.
 */
export async function ensureDevCert(dir: string): Promise<DevCert> {
  const files = {
    key: join(dir, 'server-key.pem'),
    cert: join(dir, 'server-cert.pem'),
    ca: join(dir, 'ca-cert.pem'),
    caKey: join(dir, 'ca-key.pem'),
  };
  if (!existsSync(files.key) || !existsSync(files.cert) || !existsSync(files.ca)) {
    await mkdir(dir, { recursive: true });
    // Loaded only when a certificate must be made: most starts reuse the one on disk.
    const { default: selfsigned } = await import('selfsigned');
    const notBeforeDate = new Date(Date.now() - 24 * 3600 * 1000);
    const notAfterDate = new Date(Date.now() + 825 * 24 * 3600 * 1000);
    const ca = await selfsigned.generate([{ name: 'commonName', value: 'mock-cec development CA' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      notBeforeDate,
      notAfterDate,
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
      ],
    });
    const server = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      notBeforeDate,
      notAfterDate,
      ca: { key: ca.private, cert: ca.cert },
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
            { type: 7, ip: '::1' },
          ],
        },
      ],
    });
    await writeFile(files.caKey, ca.private, { mode: 0o600 });
    await writeFile(files.ca, ca.cert);
    await writeFile(files.key, server.private, { mode: 0o600 });
    await writeFile(files.cert, server.cert);
  }
  const [key, cert, ca] = await Promise.all([
    readFile(files.key, 'utf8'),
    readFile(files.cert, 'utf8'),
    readFile(files.ca, 'utf8'),
  ]);
  return { key, cert, ca, caFile: files.ca, dir };
}
