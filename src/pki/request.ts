import { bitString, fromDer, sequence } from './asn1.js';
import { childElements, derElementAt, derElements, type DerElement } from './der-elements.js';
import { PkiError, reasonOf } from './errors.js';
import { parseExtensions } from './extensions.js';
import { LimitError } from './limits.js';
import { readName } from './name.js';
import { toPem } from './pem.js';
import { readPlainRequest, type RequestParts } from './plain-request.js';
import { loadPublicKey, publicKeyInfo } from './public-key.js';
import { extensionRequest } from './request-names.js';
import { parseSignatureAlgorithm, signatureAlgorithmName, verifyInPool, verifySignature, type SignatureCheck } from './signature.js';
import type { DecodedRequest } from './types.js';

const NOT_A_REQUEST = 'not a PKCS#10 certificate request';

/** Decodes a DER PKCS#10 request (RFC 2986) and checks its self-signature. */
export function parseRequest(der: Buffer): DecodedRequest {
  const { request, check } = parseRequestUnchecked(der);
  request.signatureValid = verifySignature(check);
  return request;
}

/**
 * A request decoded but for its self-signature check: `request.signatureValid` is false until `check` has run
 * (parseRequest runs it at once; checkInPool on libuv's thread pool), so a request whose check was never run reads
 * as one whose signature does not verify.
 */
export interface UncheckedRequest {
  request: DecodedRequest;
  check: SignatureCheck;
}

/** parseRequest without the self-signature check: the same request, or the same error. */
export function parseRequestUnchecked(der: Buffer): UncheckedRequest {
  try {
    return decode(der, readPlainRequest(der) ?? readWithForge(der));
  } catch (err) {
    if (err instanceof LimitError) throw err; // a request, only too big to show
    throw new PkiError(`${NOT_A_REQUEST}: ${reasonOf(err)}`, { cause: err });
  }
}

/** The request with its self-signature checked on libuv's thread pool (signature.ts verifyInPool). */
export async function checkInPool({ request, check }: UncheckedRequest): Promise<DecodedRequest> {
  request.signatureValid = await verifyInPool(check);
  return request;
}

/** The parts of any request node-forge reads, refused in its words where it refuses (the plain ones: plain-request.ts). */
export function readWithForge(der: Buffer): RequestParts {
  const [info, algorithmNode, signatureNode] = sequence(fromDer(der), 'CertificationRequest');
  const [version, , spki, attributes] = sequence(info, 'CertificationRequestInfo');
  if (version === undefined || spki === undefined) throw new PkiError('CertificationRequestInfo is incomplete');
  const rawInfo = derElements(der)[0]!;
  return {
    info: rawInfo,
    spki: derElements(rawInfo)[2]!,
    algorithm: parseSignatureAlgorithm(algorithmNode, 'signatureAlgorithm'),
    requested: parseExtensions(extensionRequest(attributes)),
    subject: subjectOf(der), // after the rest, as before: what is refused first is refused in the same words
    signature: () => bitString(signatureNode, 'signature'),
  };
}

function decode(der: Buffer, { info, spki, subject, algorithm, requested, signature }: RequestParts): UncheckedRequest {
  const key = loadPublicKey(spki);
  const request: DecodedRequest = {
    subject: readName(der, subject, 'subject'),
    sans: requested.sans,
    publicKey: publicKeyInfo(spki, key),
    signatureAlgorithm: signatureAlgorithmName(algorithm.oid),
    extensions: requested.extensions,
    keyUsage: requested.keyUsage,
    extendedKeyUsage: requested.extendedKeyUsage,
    signatureValid: false,
    // Made when read: nothing that judges or lists requests reads it, and the approver decodes every CSR (issue 25).
    get pem() {
      return toPem('CERTIFICATE REQUEST', der);
    },
  };
  return { request, check: { algorithm, data: info, signature: signature(), key } };
}

/** Where the subject is in a request forge has read; decode reads it there with the one Name reader, as list does. */
function subjectOf(der: Buffer): DerElement {
  const outer = derElementAt(der, 0, der.length);
  const info = derElementAt(der, outer.contentStart, outer.end);
  return childElements(der, info)[1]!;
}
