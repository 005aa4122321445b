// The client certificate and key of one kubeconfig user entry, from inline data or from the files it references.
// Shared by `inspect -f KUBECONFIG` (where a missing file is a finding on that entry) and `renew` (where it is an
// error). The key is loaded only to compare its public half with the certificate; it is never printed.
import type { KeyObject } from 'node:crypto';
import { InputError } from '../../errors.js';
import { readInputFile } from '../../input/read-input.js';
import type { KubeconfigUserEntry, MaterialSource } from '../../kube/kubeconfig-users.js';
import { parseCertificates } from '../../pki/certificate.js';
import { keyTypeOf } from '../../pki/generate.js';
import { certificateMatchesKey } from '../../pki/match.js';
import { loadPrivateKey } from '../../pki/private-key.js';
import { publicKeyOf } from '../../pki/public-key.js';
import type { DecodedCertificate, KeyType } from '../../pki/types.js';

export interface UserCredentials {
  certificate: DecodedCertificate | null;
  /** The certificate's PEM as the entry holds it (leaf first). */
  certificatePem: string | null;
  privateKey: KeyObject | null;
  key: { type: string; keyType: KeyType | null; matchesCertificate: boolean | null } | null;
  problems: string[];
}

export async function loadUserCredentials(entry: KubeconfigUserEntry): Promise<UserCredentials> {
  const problems: string[] = [...entry.conflicts.map((f) => `both ${f} and ${f}-data are set (kubectl refuses this)`)];
  let certificate: DecodedCertificate | null = null;
  let certificatePem: string | null = null;
  if (entry.certificate) {
    const text = await materialText(entry.certificate, problems);
    if (text !== null) {
      try {
        certificate = parseCertificates(text)[0]!;
        certificatePem = text;
      } catch (err) {
        problems.push(`${where(entry.certificate)}: ${(err as Error).message}`);
      }
    }
  }
  let privateKey: KeyObject | null = null;
  if (entry.key) {
    const text = await materialText(entry.key, problems);
    if (text !== null) {
      try {
        privateKey = loadPrivateKey(text);
      } catch (err) {
        problems.push(`${where(entry.key)}: ${(err as Error).message}`);
      }
    }
  } else if (entry.certificate) {
    problems.push('has a client certificate but no client-key or client-key-data');
  }
  const key = privateKey
    ? {
        type: keyName(privateKey),
        keyType: keyTypeOf(privateKey),
        matchesCertificate: certificate ? certificateMatchesKey(certificate, publicKeyOf(privateKey)) : null,
      }
    : null;
  if (key?.matchesCertificate === false) problems.push('the private key does not match the certificate');
  return { certificate, certificatePem, privateKey, key, problems };
}

async function materialText(source: MaterialSource, problems: string[]): Promise<string | null> {
  if (source.kind === 'data') {
    const text = Buffer.from(source.base64, 'base64').toString('utf8');
    if (!text.includes('-----BEGIN ')) {
      problems.push(`${source.field} is not the base64 of PEM`);
      return null;
    }
    return text;
  }
  try {
    return (await readInputFile(source.resolved)).toString('utf8');
  } catch (err) {
    // InputError's message already names the file.
    problems.push(`${source.field} ${err instanceof InputError ? err.message : String(err)}`);
    return null;
  }
}

function where(source: MaterialSource): string {
  return source.kind === 'data' ? source.field : `${source.field} ${source.resolved}`;
}

/** "RSA 2048", "ECDSA P-256", "Ed25519". */
export function keyName(key: KeyObject): string {
  const d = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') return `RSA ${d.modulusLength}`;
  if (key.asymmetricKeyType === 'ec') return `ECDSA ${d.namedCurve === 'prime256v1' ? 'P-256' : d.namedCurve === 'secp384r1' ? 'P-384' : d.namedCurve === 'secp521r1' ? 'P-521' : d.namedCurve}`;
  if (key.asymmetricKeyType === 'ed25519') return 'Ed25519';
  return String(key.asymmetricKeyType);
}
