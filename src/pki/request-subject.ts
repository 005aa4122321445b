// What a row of `kubectl csr list` shows of a PKCS#10 request, read by walking the DER bytes in place: the identity
// Go reads from the subject (go-name.ts, the same reader as inspect's and the policy's), and (for -o wide) the SANs of
// the extensionRequest attribute. No ASN.1 tree is built, no OID is turned into text and the key and signature are
// stepped over: `list` reads every request in the cluster, and building node-forge trees for them was most of its
// decoding time (BENCHMARKS.md). `inspect` and the policy checks read requests whole with request.ts.
import { childElements, derElementAt, expectTag as expect, sameContent as sameBytes, type DerElement as Element } from './der-elements.js';
import { PkiError } from './errors.js';
import { fromBase64 } from './sniff.js';
import { ipFromBytes } from './ip.js';
import { readGoName } from './go-name.js';
import { readPlainName } from './plain-name.js';
import { countProblem, enforce, lengthProblem, MAX_EXTENSIONS, MAX_SANS } from './limits.js';
import { DNS_NAME, IP_ADDRESS, RFC822_NAME, URI } from './oids.js';
import type { SubjectAltNames, SubjectProblem } from './types.js';

export interface RequestSubject {
  /** The last CN Go reads (the user name the API server takes); null without one. */
  commonName: string | null;
  /** Every O Go reads, in encoding order (the groups). */
  organizations: string[];
  /** The UID the API server takes (Kubernetes 1.34+); null without a usable one. */
  uid: string | null;
  /** Where Go's reading and a generous one differ; see go-name.ts. */
  problems: SubjectProblem[];
}

const SEQUENCE = 0x30;
const SET = 0x31;
const OID_TAG = 0x06;
const OCTET_STRING = 0x04;
const BOOLEAN = 0x01;
const ATTRIBUTES = 0xa0; // [0] IMPLICIT SET OF Attribute, constructed

// OBJECT IDENTIFIER contents, compared as bytes.
const EXTENSION_REQUEST = Buffer.from([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x0e]); // 1.2.840.113549.1.9.14
const SUBJECT_ALT_NAME = Buffer.from([0x55, 0x1d, 0x11]); // 2.5.29.17

// The block as the API server stores it: nothing before BEGIN, base64 lines, END, nothing but whitespace after (\s is
// the whitespace String.prototype.trim removes).
const PLAIN_BLOCK = /^-----BEGIN CERTIFICATE REQUEST-----([A-Za-z0-9+/=\r\n]*)-----END CERTIFICATE REQUEST-----\s*$/;

/**
 * The DER of a CSR's spec.request (the base64 of a PEM block). What the API server stores is one CERTIFICATE REQUEST
 * block that Go's encoding/pem read, so the block is cut out and decoded without the general checks of sniff.ts;
 * anything else (another label, text around the block) goes through them.
 */
export function requestDer(base64: string): Buffer {
  const block = PLAIN_BLOCK.exec(Buffer.from(base64, 'base64').toString('latin1'));
  if (block) return Buffer.from(block[1]!, 'base64');
  const sniffed = fromBase64(base64);
  if (sniffed.type !== 'request') throw new PkiError('spec.request holds no CERTIFICATE REQUEST');
  return sniffed.der;
}

/** The identity Go reads from the subject; throws a PkiError for anything that is not a request's Name. */
export function readRequestSubject(der: Buffer): RequestSubject {
  const { subject } = requestInfoFields(der);
  const plain = readPlainName(der, subject);
  if (plain !== null) return { ...plain, problems: [] };
  const { commonName, organizations, uid, problems } = readGoName(der, subject, 'subject', false);
  return { commonName, organizations, uid, problems };
}

/** The DNS, IP, email and URI SANs that the extensionRequest attribute asks for. */
export function readRequestSans(der: Buffer): SubjectAltNames {
  const sans: SubjectAltNames = { dns: [], ip: [], email: [], uri: [] };
  const { attributes } = requestInfoFields(der);
  if (attributes === undefined) return sans;
  for (const attribute of children(der, expect(attributes, ATTRIBUTES, 'attributes'))) {
    const [type, values] = children(der, expect(attribute, SEQUENCE, 'attribute'));
    if (!sameBytes(der, expect(type, OID_TAG, 'attribute type'), EXTENSION_REQUEST)) continue;
    const extensions = children(der, expect(children(der, expect(values, SET, 'extensionRequest values'))[0], SEQUENCE, 'extensionRequest'));
    enforce(countProblem(extensions.length, MAX_EXTENSIONS, 'extensions'));
    for (const extension of extensions) {
      const fields = children(der, expect(extension, SEQUENCE, 'extension'));
      const id = expect(fields[0], OID_TAG, 'extension id');
      if (fields.length === 3) expect(fields[1], BOOLEAN, 'critical flag');
      const value = expect(fields[fields.length === 3 ? 2 : 1], OCTET_STRING, 'extension value');
      if (sameBytes(der, id, SUBJECT_ALT_NAME)) addNames(sans, der, value);
    }
    break;
  }
  const all = [...sans.dns, ...sans.ip, ...sans.email, ...sans.uri];
  enforce(countProblem(all.length, MAX_SANS, 'subject alternative names'));
  for (const san of all) enforce(lengthProblem(san, 'a subject alternative name'));
  return sans;
}

function requestInfoFields(der: Buffer): { subject: Element; attributes: Element | undefined } {
  const outer = elementAt(der, 0, der.length);
  if (outer.tag !== SEQUENCE || outer.end !== der.length) throw new PkiError('not a PKCS#10 certificate request: not one DER SEQUENCE');
  if (outer.contentStart === outer.end) throw new PkiError('not a PKCS#10 certificate request: CertificationRequestInfo is missing');
  // Only the fields up to the attributes are read; the key and the signature are stepped over.
  const info = expect(elementAt(der, outer.contentStart, outer.end), SEQUENCE, 'CertificationRequestInfo');
  const next = (after: Element | undefined) => (after && after.end < info.end ? elementAt(der, after.end, info.end) : undefined);
  const version = info.contentStart < info.end ? elementAt(der, info.contentStart, info.end) : undefined;
  const subject = next(version);
  const spki = next(subject);
  if (version === undefined || subject === undefined || spki === undefined) {
    throw new PkiError('not a PKCS#10 certificate request: CertificationRequestInfo is incomplete');
  }
  return { subject, attributes: next(spki) };
}

// otherName, x400Address, directoryName, ediPartyName and registeredID are skipped, as extensions.ts does.
function addNames(sans: SubjectAltNames, der: Buffer, octetString: Element): void {
  const inner = elementAt(der, octetString.contentStart, octetString.end);
  if (inner.end !== octetString.end) throw new PkiError('subjectAltName extension: trailing bytes');
  for (const name of children(der, expect(inner, SEQUENCE, 'subjectAltName'))) {
    const bytes = der.subarray(name.contentStart, name.end);
    // [n] IMPLICIT primitive, context-specific: 0x80 | n.
    if (name.tag === (0x80 | DNS_NAME)) sans.dns.push(bytes.toString('latin1'));
    else if (name.tag === (0x80 | RFC822_NAME)) sans.email.push(bytes.toString('latin1'));
    else if (name.tag === (0x80 | URI)) sans.uri.push(bytes.toString('latin1'));
    else if (name.tag === (0x80 | IP_ADDRESS)) {
      const ip = ipFromBytes(bytes);
      if (ip === null) throw new PkiError(`subjectAltName extension: IP address of ${bytes.length} bytes`);
      sans.ip.push(ip);
    }
  }
}

/** The elements inside a constructed element, each filling its place exactly. */
function children(der: Buffer, parent: Element): Element[] {
  if ((parent.tag & 0x20) === 0) throw new PkiError(`tag 0x${parent.tag.toString(16)} is not constructed`);
  return childElements(der, parent, elementAt);
}

/** One DER element at `at`, within `limit`: single-byte tags only (a request has no others where we look). */
function elementAt(der: Buffer, at: number, limit: number): Element {
  if (at + 2 <= limit && (der[at]! & 0x1f) === 0x1f) throw new PkiError('multi-byte DER tag');
  return derElementAt(der, at, limit);
}
