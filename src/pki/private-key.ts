import { createPrivateKey, type KeyObject } from 'node:crypto';
import { PkiError } from './errors.js';
import { pemBlocksWanted } from './pem.js';

// The three unencrypted encodings client-go's keyutil.ParsePrivateKeyPEM reads, and what node calls them.
const FORMATS: Readonly<Record<string, 'pkcs1' | 'sec1' | 'pkcs8'>> = {
  'RSA PRIVATE KEY': 'pkcs1',
  'EC PRIVATE KEY': 'sec1',
  'PRIVATE KEY': 'pkcs8',
};

/** The key type a PKCS#1 or SEC 1 label promises; PKCS#8 may hold any. */
const LABELLED_TYPES: Readonly<Record<string, string>> = { 'RSA PRIVATE KEY': 'rsa', 'EC PRIVATE KEY': 'ec' };

/**
 * Loads the first private key of a PEM text; other blocks (the "EC PARAMETERS" `openssl ecparam -genkey` writes first,
 * a certificate bundled with the key) are skipped. Encrypted keys are refused with a hint, since kubeconfig
 * client-key-data cannot hold a passphrase either.
 */
export function loadPrivateKey(pem: string): KeyObject {
  const isKey = (label: string): boolean => label.endsWith('PRIVATE KEY');
  const block = pemBlocksWanted(pem, isKey, 'not a PEM private key', '... PRIVATE KEY')[0]!;
  if (block.label === 'ENCRYPTED PRIVATE KEY' || block.headers.some((h) => /^Proc-Type:.*ENCRYPTED/i.test(h))) {
    throw new PkiError('private key is encrypted; decrypt it first, e.g. openssl pkey -in key.pem -out plain-key.pem');
  }
  const format = Object.hasOwn(FORMATS, block.label) ? FORMATS[block.label] : undefined;
  if (format === undefined) {
    const expected = 'RSA PRIVATE KEY, EC PRIVATE KEY or PRIVATE KEY';
    throw new PkiError(`unsupported private key format "${block.label}"; expected ${expected}`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: block.der, format: 'der', type: format });
  } catch (err) {
    // OpenSSL's reason ("error:1E08010C:DECODER routines::unsupported") means nothing to a user; keep it as the cause.
    throw new PkiError(`cannot read ${block.label}: the key data is malformed`, { cause: err });
  }
  // OpenSSL's decoders guess the structure, so an EC key labelled "RSA PRIVATE KEY" loads; client-go refuses it.
  const labelled = LABELLED_TYPES[block.label];
  if (labelled !== undefined && key.asymmetricKeyType !== labelled) {
    throw new PkiError(`cannot read ${block.label}: it holds an ${key.asymmetricKeyType} key, not an ${labelled} key`);
  }
  return key;
}

/**
 * PEM in the encoding each key type traditionally uses and client-go and kubectl read: PKCS#1 "RSA PRIVATE KEY",
 * SEC 1 "EC PRIVATE KEY", PKCS#8 "PRIVATE KEY" for Ed25519 (which has no older form).
 */
export function privateKeyToPem(key: KeyObject): string {
  if (key.type !== 'private') throw new PkiError(`expected a private key, got a ${key.type} key`);
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return key.export({ format: 'pem', type: 'pkcs1' }) as string;
    case 'ec':
      return key.export({ format: 'pem', type: 'sec1' }) as string;
    default:
      return key.export({ format: 'pem', type: 'pkcs8' }) as string;
  }
}
