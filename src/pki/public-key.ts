import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { toPem } from './pem.js';
import { loadPrivateKey } from './private-key.js';
import type { PublicKeyInfo } from './types.js';

const CURVES: Readonly<Record<string, { curve: NonNullable<PublicKeyInfo['curve']>; bits: number }>> = {
  prime256v1: { curve: 'P-256', bits: 256 },
  secp384r1: { curve: 'P-384', bits: 384 },
  secp521r1: { curve: 'P-521', bits: 521 },
};

/**
 * Describes a DER SubjectPublicKeyInfo. A key node:crypto cannot load (an unusual curve, say) is still fingerprinted,
 * as algorithm "unknown", so that matching keeps working.
 */
export function publicKeyInfo(spkiDer: Buffer): PublicKeyInfo {
  const sha256 = createHash('sha256').update(spkiDer).digest('hex');
  const pem = toPem('PUBLIC KEY', spkiDer);
  let key: KeyObject;
  try {
    key = createPublicKey({ key: spkiDer, format: 'der', type: 'spki' });
  } catch {
    return { algorithm: 'unknown', bits: null, curve: null, sha256, pem };
  }
  return { ...describe(key), sha256, pem };
}

function describe(key: KeyObject): Pick<PublicKeyInfo, 'algorithm' | 'bits' | 'curve'> {
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa':
    case 'rsa-pss':
      return { algorithm: 'RSA', bits: details.modulusLength ?? null, curve: null };
    case 'ec': {
      const known = details.namedCurve === undefined ? undefined : CURVES[details.namedCurve];
      return { algorithm: 'ECDSA', bits: known?.bits ?? null, curve: known?.curve ?? null };
    }
    case 'ed25519':
      return { algorithm: 'Ed25519', bits: 256, curve: null };
    case 'ed448':
      return { algorithm: 'Ed448', bits: 448, curve: null };
    default:
      return { algorithm: 'unknown', bits: null, curve: null };
  }
}

/** The public half of a public or private key. */
export function publicKeyOf(key: KeyObject): PublicKeyInfo {
  // createPublicKey refuses a KeyObject that is already public.
  const publicKey = key.type === 'public' ? key : createPublicKey(key);
  return publicKeyInfo(publicKey.export({ format: 'der', type: 'spki' }));
}

/** The public half of a PEM private key, to compare with a request or certificate. */
export function publicKeyOfPrivateKey(pem: string): PublicKeyInfo {
  return publicKeyOf(loadPrivateKey(pem));
}
