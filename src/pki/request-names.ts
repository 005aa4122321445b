// What a listing shows of a PKCS#10 request: who it names (the subject) and the SANs it asks for, read without
// checking the signature or decoding the key. `kubectl csr list` decodes every request in the cluster; the full
// parseRequest (request.ts) spent two thirds of its time on those two, which a row never shows (BENCHMARKS.md).
import { fromDer, isTagged, oid, sequence, set, taggedChildren, type Asn1 } from './asn1.js';
import { derElements } from './der-elements.js';
import { PkiError, reasonOf } from './errors.js';
import { parseExtensions, type ParsedExtensions } from './extensions.js';
import { LimitError } from './limits.js';
import { parseName } from './name.js';
import { OID } from './oids.js';
import type { DistinguishedName } from './types.js';

export interface RequestNames {
  subject: DistinguishedName;
  /** What the extensionRequest attribute asks for: the SANs, and the rest. */
  requested: ParsedExtensions;
}

/**
 * The subject and requested extensions of a DER PKCS#10 request; the signature is not checked. Only the subject and
 * the attributes go through the ASN.1 parser: the key and the signature, most of the bytes, are stepped over.
 */
export function parseRequestNames(der: Buffer): RequestNames {
  try {
    const [info] = derElements(der);
    if (info === undefined) throw new PkiError('CertificationRequestInfo is missing');
    const [version, subject, spki, attributes] = derElements(info);
    if (version === undefined || subject === undefined || spki === undefined) throw new PkiError('CertificationRequestInfo is incomplete');
    const requested = parseExtensions(extensionRequest(attributes === undefined ? undefined : fromDer(attributes)));
    return { subject: parseName(fromDer(subject), 'subject'), requested };
  } catch (err) {
    if (err instanceof LimitError) throw err; // a request, only too big to show
    throw new PkiError(`not a PKCS#10 certificate request: ${reasonOf(err)}`, { cause: err });
  }
}

/** The Extensions inside the extensionRequest attribute (PKCS#9), or none. The attributes field may be absent. */
export function extensionRequest(attributes: Asn1 | undefined): Asn1[] {
  if (attributes === undefined) return [];
  if (!isTagged(attributes, 0)) throw new PkiError('attributes are not tagged [0]');
  for (const attribute of taggedChildren(attributes, 'attributes')) {
    const [type, values] = sequence(attribute, 'attribute');
    if (oid(type, 'attribute type') !== OID.extensionRequest) continue;
    return sequence(set(values, 'extensionRequest values')[0], 'extensionRequest');
  }
  return [];
}
