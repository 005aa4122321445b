// The user's side of a certificate: the one certificate writer, the private key read back, and a kubeconfig written
// with key and certificate, each saying on stderr what it wrote.
import type { KeyObject } from 'node:crypto';
import { InputError } from '../../errors.js';
import type { Io } from '../../io.js';
import { credentialIdLine } from '../../output/credential-id-line.js';
import type { DecodedCertificate } from '../../pki/types.js';
import { readInputFile } from '../../input/read-input.js';
import type { KubeconfigEndpoint } from './kubeconfig-ca.js';
import { userKubeconfig } from '../../kube/user-kubeconfig.js';
import { PkiError } from '../../pki/errors.js';
import { keyTypeOf } from '../../pki/generate.js';
import { loadPrivateKey } from '../../pki/private-key.js';
import { writeFileSafely } from '../../util/write-file-safely.js';

/** The issued certificate to `out` ("-": stdout), then its credential ID; a file is never replaced unless overwrite. */
export async function writeCertificate(out: string, pem: string, leaf: DecodedCertificate | undefined, overwrite: boolean, io: Io): Promise<void> {
  if (out === '-') {
    io.stdout.write(pem);
  } else {
    await writeFileSafely(out, pem, { mode: 0o644, overwrite, what: 'certificate' });
    io.stderr.write(`wrote certificate to ${out}\n`);
  }
  if (leaf) io.stderr.write(credentialIdLine(leaf));
}

export async function writeKubeconfig(path: string, connection: KubeconfigEndpoint, user: string, certificatePem: string, keyPem: string, overwrite: boolean, io: Io) {
  const text = userKubeconfig({
    clusterName: connection.clusterName ?? 'kubernetes',
    server: connection.server,
    caData: connection.caData,
    insecureSkipTlsVerify: connection.insecureSkipTlsVerify,
    tlsServerName: connection.tlsServerName,
    proxyUrl: connection.proxyUrl,
    userName: user,
    certificatePem,
    keyPem,
  });
  await writeFileSafely(path, text, { mode: 0o600, overwrite, what: 'kubeconfig' });
  if (connection.caNote) io.stderr.write(connection.caNote);
  io.stderr.write(`wrote kubeconfig for ${user} to ${path} (mode 0600)\n`);
}

export async function loadKey(path: string): Promise<KeyObject> {
  const pem = (await readInputFile(path)).toString('utf8');
  try {
    const key = loadPrivateKey(pem);
    if (!keyTypeOf(key) && key.asymmetricKeyType !== 'rsa') {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      const type = `${key.asymmetricKeyType}${curve ? ` (curve ${curve})` : ''}`;
      throw new PkiError(`unsupported key type ${type}; use RSA, ECDSA P-256 or P-384, or Ed25519`);
    }
    return key;
  } catch (err) {
    if (err instanceof PkiError) throw new InputError(path, err.message);
    throw err;
  }
}
