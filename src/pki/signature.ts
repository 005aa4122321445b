import { constants, sign, verify, type KeyObject, type VerifyKeyObjectInput } from 'node:crypto';
import { build, isTagged, smallInteger, oid, sequence, taggedChildren, type Asn1 } from './asn1.js';
import { PkiError } from './errors.js';

/** An AlgorithmIdentifier: the OID and, for RSASSA-PSS, the parameters that say how to verify. */
export interface SignatureAlgorithm {
  oid: string;
  params: Asn1 | undefined;
}

interface Known {
  /** openssl's name, as `openssl req -text` prints it. */
  name: string;
  /** node:crypto asymmetricKeyType values that may carry this signature. */
  keyTypes: readonly string[];
  /** Digest for crypto.verify; null where the algorithm hashes the data itself (EdDSA). */
  hash: string | null;
}

const RSA = ['rsa'];
const EC = ['ec'];
// MD5 signatures are left out on purpose: Go's x509 rejects them, so they show as their OID and never verify.
const KNOWN: Readonly<Record<string, Known>> = {
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', keyTypes: RSA, hash: 'sha1' },
  '1.2.840.113549.1.1.14': { name: 'sha224WithRSAEncryption', keyTypes: RSA, hash: 'sha224' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', keyTypes: RSA, hash: 'sha256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', keyTypes: RSA, hash: 'sha384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', keyTypes: RSA, hash: 'sha512' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', keyTypes: EC, hash: 'sha1' },
  '1.2.840.10045.4.3.1': { name: 'ecdsa-with-SHA224', keyTypes: EC, hash: 'sha224' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', keyTypes: EC, hash: 'sha256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', keyTypes: EC, hash: 'sha384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', keyTypes: EC, hash: 'sha512' },
  '1.3.101.112': { name: 'ED25519', keyTypes: ['ed25519'], hash: null },
  '1.3.101.113': { name: 'ED448', keyTypes: ['ed448'], hash: null },
};

const RSASSA_PSS = '1.2.840.113549.1.1.10';
const MGF1 = '1.2.840.113549.1.1.8';
const HASHES: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

export function parseSignatureAlgorithm(node: Asn1 | undefined, what: string): SignatureAlgorithm {
  const [id, params] = sequence(node, what);
  return { oid: oid(id, what), params };
}

/** openssl's name for a signature algorithm, or its dotted OID. */
export function signatureAlgorithmName(algorithmOid: string): string {
  if (algorithmOid === RSASSA_PSS) return 'rsassaPss';
  return Object.hasOwn(KNOWN, algorithmOid) ? KNOWN[algorithmOid]!.name : algorithmOid;
}

/** What a self-signature check is given: the algorithm named, the signed bytes, the signature and the signer's key. */
export interface SignatureCheck {
  algorithm: SignatureAlgorithm;
  data: Buffer;
  signature: Buffer;
  /** null: a key node:crypto could not load. */
  key: KeyObject | null;
}

/**
 * Whether the signature verifies with the key (verifyInPool: the same answer from libuv's thread pool). False, never
 * an error, for a key node:crypto could not load, unknown algorithms, a key of the wrong kind for the algorithm (an
 * ECDSA key would otherwise verify a signature labelled RSA), malformed parameters or signatures.
 */
export function verifySignature(check: SignatureCheck): boolean {
  try {
    const call = verifyCall(check);
    return call !== null && verify(call.hash, check.data, call.key, check.signature) === true;
  } catch {
    return false;
  }
}

/**
 * verifySignature's answer, with OpenSSL's verification run on libuv's thread pool instead of the calling thread:
 * the approver leader's main thread is what bounds its decisions in a storm (issue 25). Only the verification moves;
 * the key is loaded on the calling thread either way (Node's SignJob parses a key given as DER in its constructor,
 * src/crypto/crypto_sig.cc SignTraits::AdditionalConfig), and the request's decode needs the loaded key to describe
 * it. Every way it can fail answers false, as verifySignature's: an argument refused at once, an error from the
 * job, an answer that is anything but true.
 */
export function verifyInPool(check: SignatureCheck): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      const call = verifyCall(check);
      if (call === null) return resolve(false);
      verify(call.hash, check.data, call.key, check.signature, (err, valid) => resolve(err === null && valid === true));
    } catch {
      resolve(false);
    }
  });
}

/** What crypto.verify is called with for `check`, or null where the answer is false without asking it. */
function verifyCall({ algorithm, key }: SignatureCheck): { hash: string | null; key: KeyObject | VerifyKeyObjectInput } | null {
  if (key === null) return null;
  if (algorithm.oid === RSASSA_PSS) {
    const pss = pssParameters(algorithm.params);
    if (pss === null || !['rsa', 'rsa-pss'].includes(key.asymmetricKeyType ?? '')) return null;
    return { hash: pss.hash, key: { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pss.saltLength } };
  }
  const known = Object.hasOwn(KNOWN, algorithm.oid) ? KNOWN[algorithm.oid]! : undefined;
  if (!known || !known.keyTypes.includes(key.asymmetricKeyType ?? '')) return null;
  return { hash: known.hash, key };
}

/**
 * RSASSA-PSS-params (RFC 4055 section 3.1) with its defaults (SHA-1, MGF1 with SHA-1, salt 20). node:crypto always
 * uses the signature digest for MGF1, so parameters with another MGF1 digest are reported as not verifiable (null).
 */
function pssParameters(params: Asn1 | undefined): { hash: string; saltLength: number } | null {
  let hashOid = '1.3.14.3.2.26';
  let mgfHashOid = hashOid;
  let saltLength = 20;
  for (const field of params === undefined ? [] : sequence(params, 'RSASSA-PSS parameters')) {
    const [inner] = taggedChildren(field, 'RSASSA-PSS parameter');
    if (isTagged(field, 0)) hashOid = parseSignatureAlgorithm(inner, 'PSS hash').oid;
    if (isTagged(field, 1)) {
      const mgf = parseSignatureAlgorithm(inner, 'PSS mask generation');
      if (mgf.oid !== MGF1) return null;
      mgfHashOid = parseSignatureAlgorithm(mgf.params, 'MGF1 hash').oid;
    }
    if (isTagged(field, 2)) saltLength = smallInteger(inner, 'PSS salt length');
  }
  const hash = HASHES[hashOid];
  return hash !== undefined && hashOid === mgfHashOid ? { hash, saltLength } : null;
}

/**
 * Signs `data` with the algorithm Go's x509.CreateCertificateRequest picks for the key: SHA-256 for RSA, the hash that
 * matches the curve for ECDSA, pure EdDSA.
 */
export function signWith(key: KeyObject, data: Buffer): { algorithm: Asn1; signature: Buffer } {
  const { oid: algorithmOid, hash, nullParams } = signingChoice(key);
  const id = build.oid(algorithmOid);
  // RFC 4055 wants an explicit NULL after the RSA OIDs; RFC 5758 and RFC 8410 want nothing after ECDSA and EdDSA.
  const algorithm = build.sequence(nullParams ? [id, build.null()] : [id]);
  return { algorithm, signature: sign(hash, data, key) };
}

function signingChoice(key: KeyObject): { oid: string; hash: string | null; nullParams: boolean } {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return { oid: '1.2.840.113549.1.1.11', hash: 'sha256', nullParams: true };
    case 'ec':
      switch (key.asymmetricKeyDetails?.namedCurve) {
        case 'prime256v1':
          return { oid: '1.2.840.10045.4.3.2', hash: 'sha256', nullParams: false };
        case 'secp384r1':
          return { oid: '1.2.840.10045.4.3.3', hash: 'sha384', nullParams: false };
        case 'secp521r1':
          return { oid: '1.2.840.10045.4.3.4', hash: 'sha512', nullParams: false };
      }
      throw new PkiError(
        `cannot sign a request with an EC key on curve ${key.asymmetricKeyDetails?.namedCurve}; use P-256, P-384 or P-521`,
      );
    case 'ed25519':
      return { oid: '1.3.101.112', hash: null, nullParams: false };
    case 'ed448':
      return { oid: '1.3.101.113', hash: null, nullParams: false };
  }
  throw new PkiError(`cannot sign a request with a key of type ${key.asymmetricKeyType}; use RSA, ECDSA or Ed25519`);
}
