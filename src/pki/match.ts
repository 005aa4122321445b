import type { DecodedCertificate, DecodedRequest, PublicKeyInfo } from './types.js';

/** Two keys are the same key when their DER SubjectPublicKeyInfo hash the same. */
export function sameKey(a: PublicKeyInfo, b: PublicKeyInfo): boolean {
  return a.sha256 === b.sha256;
}

/** Whether `certificate` was issued for `request`: a signer must copy the requested public key unchanged. */
export function certificateMatchesRequest(certificate: DecodedCertificate, request: DecodedRequest): boolean {
  return sameKey(certificate.publicKey, request.publicKey);
}

/** Whether `key` (for example publicKeyOfPrivateKey of the key on disk) is the key `certificate` certifies. */
export function certificateMatchesKey(certificate: DecodedCertificate, key: PublicKeyInfo): boolean {
  return sameKey(certificate.publicKey, key);
}
