import { webcrypto } from 'node:crypto';
import { commonJsExports } from '../../infrastructure/primitives/commonjs-exports.ts';
import { nameConstraintsDer } from './name-constraints.ts';

/** Where the development CA may vouch: what its name constraints permit. */
export const DEV_CA_PERMITS = { dns: ['localhost'], ip: ['127.0.0.1/32', '::1/128'] } as const;

const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

export interface DevCa {
  /** PEM */
  cert: string;
  /** In memory only: never written. */
  keys: CryptoKeyPair;
  subject: string;
}

type X509 = typeof import('@peculiar/x509');

// Loaded only when a certificate must be made: most starts reuse the one on disk. CommonJS, so
// its names may come as `default` (commonjs-exports.ts; scripts/build-cli.test.ts makes a CA).
async function x509(): Promise<X509> {
  const lib = commonJsExports<X509>(await import('@peculiar/x509'), 'cryptoProvider', '@peculiar/x509');
  lib.cryptoProvider.set(webcrypto as unknown as Crypto);
  return lib;
}

function validity() {
  return {
    notBefore: new Date(Date.now() - 24 * 3600 * 1000),
    notAfter: new Date(Date.now() + 825 * 24 * 3600 * 1000),
  };
}

/** A CA that may sign only for localhost, 127.0.0.1 and ::1 (RFC 5280 §4.2.1.10, critical). */
export async function makeDevCa(): Promise<DevCa> {
  const x = await x509();
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x.X509CertificateGenerator.createSelfSigned({
    name: 'CN=mock-cec development CA (localhost only)',
    keys,
    ...validity(),
    signingAlgorithm: alg,
    extensions: [
      new x.BasicConstraintsExtension(true, 0, true),
      new x.KeyUsagesExtension(x.KeyUsageFlags.keyCertSign | x.KeyUsageFlags.cRLSign, true),
      new x.Extension('2.5.29.30', true, nameConstraintsDer(DEV_CA_PERMITS)),
      await x.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString('pem'), keys, subject: cert.subject };
}

/** A server certificate signed by `ca` for these names (DNS names and IP addresses). */
export async function signServerCert(
  ca: DevCa,
  names: { dns: readonly string[]; ip: readonly string[] },
): Promise<{ cert: string; key: string }> {
  const x = await x509();
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x.X509CertificateGenerator.create({
    subject: `CN=${names.dns[0] ?? names.ip[0]}`,
    issuer: ca.subject,
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    ...validity(),
    signingAlgorithm: alg,
    extensions: [
      new x.BasicConstraintsExtension(false, undefined, true),
      new x.KeyUsagesExtension(x.KeyUsageFlags.digitalSignature, true),
      new x.ExtendedKeyUsageExtension([x.ExtendedKeyUsage.serverAuth, x.ExtendedKeyUsage.clientAuth]),
      new x.SubjectAlternativeNameExtension([
        ...names.dns.map((value) => ({ type: 'dns' as const, value })),
        ...names.ip.map((value) => ({ type: 'ip' as const, value })),
      ]),
      await x.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { cert: cert.toString('pem'), key: x.PemConverter.encode(pkcs8, 'PRIVATE KEY') };
}

/** A fresh constrained CA and the server certificate for localhost it signs; the CA's key is then dropped. */
export async function issueDevCert(): Promise<{ ca: string; cert: string; key: string }> {
  const ca = await makeDevCa();
  const server = await signServerCert(ca, { dns: ['localhost'], ip: ['127.0.0.1', '::1'] });
  return { ca: ca.cert, ...server };
}
