import { createHash } from 'node:crypto';
import { credentialId } from './credential-id.js';
import { fromDer, integerBytes, isTagged, sequence, taggedChildren, time } from './asn1.js';
import { childElements, derElementAt, derElements } from './der-elements.js';
import { PkiError, reasonOf } from './errors.js';
import { parseExtensions } from './extensions.js';
import { LimitError } from './limits.js';
import { readName } from './name.js';
import { pemBlocksWanted, toPem } from './pem.js';
import { publicKeyInfo } from './public-key.js';
import { parseSignatureAlgorithm, signatureAlgorithmName } from './signature.js';
import type { DecodedCertificate } from './types.js';

const NOT_A_CERTIFICATE = 'not an X.509 certificate';

/** Decodes one DER X.509 certificate (RFC 5280). The signature is not checked: that needs the issuer. */
export function parseCertificate(der: Buffer): DecodedCertificate {
  try {
    return decode(der);
  } catch (err) {
    if (err instanceof LimitError) throw err; // a certificate, only too big to show
    throw new PkiError(`${NOT_A_CERTIFICATE}: ${reasonOf(err)}`, { cause: err });
  }
}

/**
 * Decodes every CERTIFICATE block of a PEM text (one certificate or a chain, leaf first as the signer wrote it).
 * Other blocks are skipped, as client-go's certutil.ParseCertsPEM does, but there must be at least one certificate.
 */
export function parseCertificates(pem: string): DecodedCertificate[] {
  const blocks = pemBlocksWanted(pem, (label) => label === 'CERTIFICATE', NOT_A_CERTIFICATE, 'CERTIFICATE');
  return blocks.map((b) => parseCertificate(b.der));
}

function decode(der: Buffer): DecodedCertificate {
  const [tbs, algorithmNode] = sequence(fromDer(der), 'Certificate');
  const fields = sequence(tbs, 'TBSCertificate');
  // version is [0] EXPLICIT DEFAULT v1, so every later field shifts by one when it is present.
  const at = isTagged(fields[0], 0) ? 1 : 0;
  const [serial, , , validity, , spki] = fields.slice(at);
  if (spki === undefined) throw new PkiError('TBSCertificate is incomplete');
  const [notBefore, notAfter] = sequence(validity, 'validity');
  const extensionsField = fields.slice(at + 6).find((f) => isTagged(f, 3));
  const extensions = parseExtensions(
    extensionsField ? sequence(taggedChildren(extensionsField, 'extensions')[0], 'extensions') : [],
  );
  const rawSpki = derElements(derElements(der)[0]!)[at + 5]!;
  const outer = derElementAt(der, 0, der.length);
  const rawFields = childElements(der, derElementAt(der, outer.contentStart, outer.end));
  return {
    subject: readName(der, rawFields[at + 4]!, 'subject'),
    issuer: readName(der, rawFields[at + 2]!, 'issuer'),
    serial: serialText(integerBytes(serial, 'serialNumber')),
    notBefore: time(notBefore, 'notBefore'),
    notAfter: time(notAfter, 'notAfter'),
    sans: extensions.sans,
    keyUsage: extensions.keyUsage,
    extendedKeyUsage: extensions.extendedKeyUsage,
    isCA: extensions.isCA,
    fingerprintSha256: colonHex(createHash('sha256').update(der).digest()),
    credentialId: credentialId(der),
    publicKey: publicKeyInfo(rawSpki),
    signatureAlgorithm: signatureAlgorithmName(parseSignatureAlgorithm(algorithmNode, 'signatureAlgorithm').oid),
    pem: toPem('CERTIFICATE', der),
  };
}

/** The serial's magnitude bytes: the sign byte DER adds before a high first bit is not part of the number. */
function serialText(bytes: Buffer): string {
  return colonHex(bytes.length > 1 && bytes[0] === 0 ? bytes.subarray(1) : bytes);
}

function colonHex(bytes: Buffer): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
}
