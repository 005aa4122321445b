import * as crypto from 'node:crypto';
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { childElements, derElementAt } from './der-elements.js';
import { toPem } from './pem.js';
import { loadPrivateKey } from './private-key.js';
import type { PublicKeyInfo } from './types.js';

const CURVES: Readonly<Record<string, { curve: NonNullable<PublicKeyInfo['curve']>; bits: number }>> = {
  prime256v1: { curve: 'P-256', bits: 256 },
  secp384r1: { curve: 'P-384', bits: 384 },
  secp521r1: { curve: 'P-521', bits: 521 },
};

/** The key of a DER SubjectPublicKeyInfo, or null when node:crypto cannot load it (an unusual curve, say). */
export function loadPublicKey(spkiDer: Buffer): KeyObject | null {
  try {
    return createPublicKey({ key: spkiDer, format: 'der', type: 'spki' });
  } catch {
    return null;
  }
}

/**
 * Describes a DER SubjectPublicKeyInfo. A key node:crypto cannot load is still fingerprinted, as algorithm "unknown",
 * so that matching keeps working. `key`: the same key already loaded (a request's parser loads it once for this and
 * for its signature: loading costs as much as the check, issue 25).
 */
export function publicKeyInfo(spkiDer: Buffer, key: KeyObject | null = loadPublicKey(spkiDer)): PublicKeyInfo {
  const sha256 = sha256Hex(spkiDer);
  const described = key === null ? ({ algorithm: 'unknown', bits: null, curve: null } as const) : describe(key, spkiDer);
  // Made when read, as a request's own PEM (request.ts).
  return {
    ...described,
    sha256,
    get pem() {
      return toPem('PUBLIC KEY', spkiDer);
    },
  };
}

function describe(key: KeyObject, spkiDer: Buffer): Pick<PublicKeyInfo, 'algorithm' | 'bits' | 'curve'> {
  switch (key.asymmetricKeyType) {
    case 'rsa':
    case 'rsa-pss':
      return { algorithm: 'RSA', bits: key.asymmetricKeyDetails?.modulusLength ?? null, curve: null };
    case 'ec': {
      const namedCurve = namedCurveOf(spkiDer) ?? key.asymmetricKeyDetails?.namedCurve;
      const known = namedCurve === undefined ? undefined : CURVES[namedCurve];
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

/**
 * crypto.hash where the runtime has it (Node 20.12 and later, the shipped one): a third of createHash's CPU, which
 * builds a Hash object for one digest; the approver fingerprints the key of every CSR it judges (issue 25).
 */
const oneShot = (crypto as { hash?: (algorithm: string, data: Buffer, encoding: 'hex') => string }).hash;

function sha256Hex(data: Buffer): string {
  return oneShot ? oneShot('sha256', data, 'hex') : createHash('sha256').update(data).digest('hex');
}

/**
 * The SubjectPublicKeyInfo of every P-256 key in its usual form, up to its point: SEQUENCE { SEQUENCE { id-ecPublicKey,
 * prime256v1 }, BIT STRING of 66 bytes }. A kubelet's key, and so nearly every key the approver describes.
 */
const P256_SPKI_HEAD = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');

/** id-ecPublicKey (1.2.840.10045.2.1), as the content of its OID. */
const EC_PUBLIC_KEY = '2a8648ce3d0201';
/** The named curves of CURVES, by the content of their OID, as node:crypto names them. */
const CURVE_OIDS: Readonly<Record<string, string>> = {
  '2a8648ce3d030107': 'prime256v1',
  '2b81040022': 'secp384r1',
  '2b81040023': 'secp521r1',
};

/**
 * The curve an EC SubjectPublicKeyInfo names among CURVES, read from its AlgorithmIdentifier; undefined for anything
 * else, which asks node:crypto. Its key details cost as much as loading the key (OpenSSL 3's parameter lookup), and
 * the approver describes the key of every CSR it judges (issue 25).
 */
function namedCurveOf(spkiDer: Buffer): string | undefined {
  if (spkiDer.length === 91 && spkiDer.compare(P256_SPKI_HEAD, 0, P256_SPKI_HEAD.length, 0, P256_SPKI_HEAD.length) === 0) return 'prime256v1';
  try {
    const [algorithm] = childElements(spkiDer, derElementAt(spkiDer, 0, spkiDer.length));
    const [id, params] = algorithm?.tag === 0x30 ? childElements(spkiDer, algorithm) : [];
    if (id?.tag !== 0x06 || params?.tag !== 0x06 || spkiDer.toString('hex', id.contentStart, id.end) !== EC_PUBLIC_KEY) return undefined;
    return CURVE_OIDS[spkiDer.toString('hex', params.contentStart, params.end)];
  } catch {
    return undefined;
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
