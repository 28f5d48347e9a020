import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { issueDevCert } from './dev-ca.ts';

export interface DevCert {
  key: string;
  cert: string;
  /** The CA that signed `cert`: trust it in clients (the integration, Node's fetch). */
  ca: string;
  caFile: string;
  dir: string;
}

/** The certificate folder cannot be used: one line naming the folder and the cause. */
export class DevCertError extends Error {
  constructor(
    readonly dir: string,
    readonly problem: string,
  ) {
    super(`--cert-dir ${dir}: ${problem}`);
    this.name = 'DevCertError';
  }
}

/**
 * A development CA and a server certificate for localhost, 127.0.0.1 and ::1,
 * created on first use and kept in `dir`, so that browsers and clients that
 * trust the CA once keep trusting later runs. The vendor's side is HTTPS only,
 * and WebRTC needs a secure page.
 *
 * The CA is name-constrained (RFC 5280 §4.2.1.10) to localhost, 127.0.0.1 and
 * ::1, and its private key is never written: it signs the one server
 * certificate in memory and is dropped. Should the server certificate be
 * missing, a new CA is made (trust it again), rather than keeping a key that
 * could sign for any name a user's trust store would accept.
 */
export async function ensureDevCert(dir: string): Promise<DevCert> {
  const files = {
    key: join(dir, 'server-key.pem'),
    cert: join(dir, 'server-cert.pem'),
    ca: join(dir, 'ca-cert.pem'),
  };
  const info = await stat(dir).catch((err: NodeJS.ErrnoException) =>
    err.code === 'ENOENT' ? undefined : Promise.reject(new DevCertError(dir, `cannot use it (${err.code})`)),
  );
  if (info && !info.isDirectory()) throw new DevCertError(dir, 'is a file, not a folder');
  if (!existsSync(files.key) || !existsSync(files.cert) || !existsSync(files.ca) || !constrained(files.ca)) {
    const made = await issueDevCert();
    try {
      await mkdir(dir, { recursive: true });
      await writeFile(files.ca, made.ca);
      await writeFile(files.key, made.key, { mode: 0o600 });
      await writeFile(files.cert, made.cert);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new DevCertError(
        dir,
        `cannot write the development certificate there (${code}); choose a writable folder`,
      );
    }
  }
  // A CA key left by an earlier version that kept it: it could sign for any name, so it goes.
  await rm(join(dir, 'ca-key.pem'), { force: true }).catch(() => undefined);
  const [key, cert, ca] = await Promise.all([
    readFile(files.key, 'utf8'),
    readFile(files.cert, 'utf8'),
    readFile(files.ca, 'utf8'),
  ]).catch((err: NodeJS.ErrnoException) =>
    Promise.reject(new DevCertError(dir, `cannot read (${err.code})`)),
  );
  check(dir, 'server-key.pem', 'a private key', () => createPrivateKey(key));
  check(dir, 'server-cert.pem', 'a certificate', () => new X509Certificate(cert));
  check(dir, 'ca-cert.pem', 'a certificate', () => new X509Certificate(ca));
  return { key, cert, ca, caFile: files.ca, dir };
}

/**
 * Whether the CA on disk carries name constraints: one made by an earlier
 * version does not (and its key was kept), so it is replaced.
 */
function constrained(caFile: string): boolean {
  try {
    const der = new X509Certificate(readFileSync(caFile)).raw;
    return der.includes(NAME_CONSTRAINTS_OID);
  } catch {
    return true; // unreadable: reported below, with the folder's name
  }
}

/** DER of OID 2.5.29.30 (id-ce-nameConstraints), as it appears in an extension. */
const NAME_CONSTRAINTS_OID = Buffer.from('0603551d1e', 'hex');

function check(dir: string, file: string, what: string, parse: () => unknown): void {
  try {
    parse();
  } catch {
    throw new DevCertError(dir, `${file} is not ${what} (delete the folder to make new ones)`);
  }
}
