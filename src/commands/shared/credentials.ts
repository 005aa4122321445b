// The user's side of a certificate: the private key read back, and a kubeconfig written with key and certificate.
import type { KeyObject } from 'node:crypto';
import { InputError } from '../../errors.js';
import { readInputFile } from '../../input/read-input.js';
import type { ClusterEndpoint } from '../../kube/api.js';
import { userKubeconfig } from '../../kube/user-kubeconfig.js';
import { PkiError } from '../../pki/errors.js';
import { keyTypeOf } from '../../pki/generate.js';
import { loadPrivateKey } from '../../pki/private-key.js';
import { writeFileSafely } from '../../util/write-file-safely.js';

export async function writeKubeconfig(path: string, connection: ClusterEndpoint, user: string, certificatePem: string, keyPem: string, overwrite: boolean) {
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
