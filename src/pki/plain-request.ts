// The common PKCS#10 request, read in place: the approver decodes every CSR of a storm, and building node-forge's
// ASN.1 tree of each was most of its decoding time after the signature check (issue 25). This reads the shape Go,
// openssl and this tool write (a subjectAltName at most among the extensions it reads, any signature but RSASSA-PSS)
// and answers null for anything else, which request.ts then reads through forge: every refusal, and every message,
// stays forge's. It gives forge's reading or none: test/pki/plain-request.test.ts compares the two on mutated requests.
import { oidText } from './asn1.js';
import { childElements, derElementAt, TAG, type DerElement } from './der-elements.js';
import { addName, enforceSanLimits, noExtensions, type ParsedExtensions } from './extensions.js';
import { countProblem, MAX_EXTENSIONS } from './limits.js';
import { DNS_NAME, EXTENSIONS, IP_ADDRESS, OID, RFC822_NAME, URI, nameOf } from './oids.js';
import type { SignatureAlgorithm } from './signature.js';

/** What a request's decode reads before it loads the key and checks the signature. */
export interface RequestParts {
  /** The CertificationRequestInfo as sent: what the signature covers. */
  info: Buffer;
  /** The SubjectPublicKeyInfo as sent: what the key's fingerprint hashes. */
  spki: Buffer;
  /** The subject Name, where it is in the request's bytes (name.ts reads it there). */
  subject: DerElement;
  algorithm: SignatureAlgorithm;
  requested: ParsedExtensions;
  /** The signature's bytes; a function, so that forge's reading refuses a bad one where it always has (request.ts). */
  signature: () => Buffer;
}

const { SEQUENCE, SET, OID: OID_TAG } = TAG;
const BOOLEAN = 0x01;
const BIT_STRING = 0x03;
const OCTET_STRING = 0x04;
const ATTRIBUTES = 0xa0; // [0] IMPLICIT SET OF Attribute, constructed
const RSASSA_PSS = '1.2.840.113549.1.1.10';
/** Deeper than any request goes (about 7), far below forge's limit, so that forge never refuses what this reads. */
const MAX_DEPTH = 24;
/** The GeneralName kinds extensions.ts reads, as context-specific tag numbers. */
const NAME_TAGS: ReadonlySet<number> = new Set([DNS_NAME, RFC822_NAME, URI, IP_ADDRESS]);

/** The parts of `der` when it is a request of the common shape that forge reads alike; otherwise null. */
export function readPlainRequest(der: Buffer): RequestParts | null {
  try {
    return read(der);
  } catch {
    return null; // forge's reading says what is wrong, in its words
  }
}

function read(der: Buffer): RequestParts | null {
  if (!readsAlike(der, 0, der.length, 0)) return null;
  const outer = derElementAt(der, 0, der.length);
  if (outer.tag !== SEQUENCE || outer.end !== der.length) return null;
  // Indexed, not destructured: in baseline code (the approver's) destructuring runs the iterator protocol.
  const top = childElements(der, outer);
  const info = top[0];
  const algorithm = top[1];
  const signature = top[2];
  if (info?.tag !== SEQUENCE || algorithm?.tag !== SEQUENCE || signature?.tag !== BIT_STRING || signature.contentStart === signature.end) return null;
  const fields = childElements(der, info);
  if (fields.length < 3) return null;
  const subject = fields[1]!;
  const spki = fields[2]!;
  const algorithmOid = oidAt(der, childElements(der, algorithm)[0]);
  // RSASSA-PSS is verified with its parameters, which only forge's reading keeps.
  if (algorithmOid === null || algorithmOid === RSASSA_PSS) return null;
  const requested = extensionsOf(der, fields[3]);
  if (requested === null) return null;
  const signatureBytes = der.subarray(signature.contentStart + 1, signature.end);
  return {
    info: der.subarray(outer.contentStart, info.end),
    spki: der.subarray(subject.end, spki.end),
    subject,
    algorithm: { oid: algorithmOid, params: undefined },
    requested,
    signature: () => signatureBytes,
  };
}

/**
 * Whether forge's strict reading (asn1.ts fromDer) takes the elements of der[start, end) as derElementAt does: no
 * multi-byte tag (forge reads one byte of tag), no indefinite length (derElementAt refuses it), no odd-length
 * BMPString (forge reads two bytes at a time, past its end), each constructed element tiled by its children. Each
 * header is read as derElementAt reads it (false where it throws), in place: this visits every element of every
 * request the approver judges, and an element object for each was most of the plain reading's time (issue 25).
 */
function readsAlike(der: Buffer, start: number, end: number, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  for (let at = start; at < end; ) {
    const tag = der[at]!;
    if ((tag & 0x1f) === 0x1f || at + 1 >= end) return false;
    let contentStart = at + 2;
    let length = der[at + 1]!;
    if (length >= 0x80) {
      const count = length & 0x7f;
      if (count === 0 || count > 4 || contentStart + count > end) return false;
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + der[contentStart++]!;
    }
    at = contentStart + length;
    if (at > end) return false;
    if ((tag & 0x20) !== 0) {
      if (!readsAlike(der, contentStart, at, depth + 1)) return false;
    } else if ((tag & 0x1f) === 0x1e && length % 2 === 1) return false;
  }
  return true;
}

/** The extensions the extensionRequest attribute asks for, as extensions.ts reads them; null where it reads otherwise. */
function extensionsOf(der: Buffer, attributes: DerElement | undefined): ParsedExtensions | null {
  const parsed = noExtensions();
  const list = attributes === undefined ? [] : extensionRequest(der, attributes);
  if (list === null || countProblem(list.length, MAX_EXTENSIONS, 'extensions') !== null) return null;
  for (let i = 0; i < list.length; i++) {
    const extension = list[i]!;
    if (extension.tag !== SEQUENCE) return null;
    const fields = childElements(der, extension);
    if (fields.length !== 2 && fields.length !== 3) return null;
    const critical = fields.length === 3 ? booleanAt(der, fields[1]!) : false;
    const value = fields[fields.length - 1]!;
    const extnID = oidAt(der, fields[0]);
    if (critical === null || extnID === null || value.tag !== OCTET_STRING) return null;
    parsed.extensions.push({ oid: extnID, name: nameOf(EXTENSIONS, extnID), critical });
    if (extnID === OID.subjectAltName) {
      if (!addNames(parsed, der, value)) return null;
    } else if (extnID === OID.keyUsage || extnID === OID.extKeyUsage || extnID === OID.basicConstraints) return null;
  }
  enforceSanLimits(parsed.sans);
  return parsed;
}

/** The Extensions of the first extensionRequest attribute, or none; null where request-names.ts reads otherwise. */
function extensionRequest(der: Buffer, attributes: DerElement): DerElement[] | null {
  if (attributes.tag !== ATTRIBUTES) return null;
  const list = childElements(der, attributes);
  for (let i = 0; i < list.length; i++) {
    if (list[i]!.tag !== SEQUENCE) return null;
    const typeAndValues = childElements(der, list[i]!);
    const typeOid = oidAt(der, typeAndValues[0]);
    if (typeOid === null) return null;
    if (typeOid !== OID.extensionRequest) continue;
    const values = typeAndValues[1];
    const extensions = values?.tag === SET ? childElements(der, values)[0] : undefined;
    return extensions?.tag === SEQUENCE ? childElements(der, extensions) : null;
  }
  return [];
}

/** Adds the names of a subjectAltName value as extensions.ts does; false where it would refuse or read otherwise. */
function addNames(parsed: ParsedExtensions, der: Buffer, octetString: DerElement): boolean {
  // forge reads the value as a DER of its own, which must fill it.
  if (!readsAlike(der, octetString.contentStart, octetString.end, 0)) return false;
  const value = derElementAt(der, octetString.contentStart, octetString.end);
  if (value.tag !== SEQUENCE || value.end !== octetString.end) return false;
  const names = childElements(der, value);
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    // forge's isTagged looks at the class and the number, not at whether the element is constructed.
    if ((name.tag & 0xc0) !== 0x80 || !NAME_TAGS.has(name.tag & 0x1f)) continue;
    if ((name.tag & 0x20) !== 0) return false;
    addName(parsed.sans, name.tag & 0x1f, der.subarray(name.contentStart, name.end));
  }
  return true;
}

/** The OIDs of a common request, by the hex of their content: forge's conversion of them, without its buffers. */
const COMMON_OIDS: ReadonlyMap<string, string> = new Map([
  ['2a864886f70d01090e', OID.extensionRequest],
  ['551d11', OID.subjectAltName],
  ['2a8648ce3d040302', '1.2.840.10045.4.3.2'], // ecdsa-with-SHA256
  ['2a8648ce3d040303', '1.2.840.10045.4.3.3'], // ecdsa-with-SHA384
  ['2a8648ce3d040304', '1.2.840.10045.4.3.4'], // ecdsa-with-SHA512
  ['2a864886f70d01010b', '1.2.840.113549.1.1.11'], // sha256WithRSAEncryption
  ['2b6570', '1.3.101.112'], // Ed25519
]);

/** The dotted OID `element` holds, or null when it is not a valid OBJECT IDENTIFIER. */
function oidAt(der: Buffer, element: DerElement | undefined): string | null {
  if (element?.tag !== OID_TAG) return null;
  const { contentStart: start, end } = element;
  return COMMON_OIDS.get(der.toString('hex', start, end)) ?? oidText(der.toString('binary', start, end));
}

/** A one-byte BOOLEAN as asn1.ts reads it (anything but zero is true); null for anything else. */
function booleanAt(der: Buffer, element: DerElement): boolean | null {
  return element.tag === BOOLEAN && element.end - element.contentStart === 1 ? der[element.contentStart] !== 0 : null;
}
