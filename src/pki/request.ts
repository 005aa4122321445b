import { bitString, fromDer, sequence } from './asn1.js';
import { childElements, derElementAt, derElements } from './der-elements.js';
import { PkiError, reasonOf } from './errors.js';
import { parseExtensions } from './extensions.js';
import { LimitError } from './limits.js';
import { readName } from './name.js';
import { toPem } from './pem.js';
import { loadPublicKey, publicKeyInfo } from './public-key.js';
import { extensionRequest } from './request-names.js';
import { parseSignatureAlgorithm, signatureAlgorithmName, verifySignature } from './signature.js';
import type { DecodedRequest } from './types.js';

const NOT_A_REQUEST = 'not a PKCS#10 certificate request';

/** Decodes a DER PKCS#10 request (RFC 2986) and checks its self-signature. */
export function parseRequest(der: Buffer): DecodedRequest {
  try {
    return decode(der);
  } catch (err) {
    if (err instanceof LimitError) throw err; // a request, only too big to show
    throw new PkiError(`${NOT_A_REQUEST}: ${reasonOf(err)}`, { cause: err });
  }
}

function decode(der: Buffer): DecodedRequest {
  const [info, algorithmNode, signatureNode] = sequence(fromDer(der), 'CertificationRequest');
  const [version, , spki, attributes] = sequence(info, 'CertificationRequestInfo');
  if (version === undefined || spki === undefined) throw new PkiError('CertificationRequestInfo is incomplete');
  const rawInfo = derElements(der)[0]!;
  const rawSpki = derElements(rawInfo)[2]!;
  const algorithm = parseSignatureAlgorithm(algorithmNode, 'signatureAlgorithm');
  const requested = parseExtensions(extensionRequest(attributes));
  const key = loadPublicKey(rawSpki);
  return {
    subject: subjectOf(der),
    sans: requested.sans,
    publicKey: publicKeyInfo(rawSpki, key),
    signatureAlgorithm: signatureAlgorithmName(algorithm.oid),
    extensions: requested.extensions,
    keyUsage: requested.keyUsage,
    extendedKeyUsage: requested.extendedKeyUsage,
    signatureValid: verifySignature(algorithm, rawInfo, bitString(signatureNode, 'signature'), key),
    pem: toPem('CERTIFICATE REQUEST', der),
  };
}

/** The subject, read in place by the one Name reader, as list reads it (request-subject.ts). */
function subjectOf(der: Buffer) {
  const outer = derElementAt(der, 0, der.length);
  const info = derElementAt(der, outer.contentStart, outer.end);
  return readName(der, childElements(der, info)[1]!, 'subject');
}
