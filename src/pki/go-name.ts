// The one reader of X.501 Names (subjects and issuers), reading them as Kubernetes does: Go's encoding/asn1
// (parseField's `any` case) and crypto/x509/pkix (FillFromRDNSequence), value by value (issue 21). The API server's
// x509 authenticator takes the user from the last CN, the groups from every O and a UID from 1.3.6.1.4.1.57683.2
// (k8s.io/apiserver/pkg/authentication/request/x509), and the kube-controller-manager signer copies only what Go
// parsed into the certificate. Whatever a reader that decodes more generously would see differently (a string type
// Go skips, BMPString's terminator that Go strips, a second CN) is kept as a problem, for a block finding.
// It walks the DER bytes in place, so that `list`, which reads every request of the cluster, builds no ASN.1 tree.
import { isUtf8 } from 'node:buffer';
import { childElements, derElementAt, expectTag as expect, sameContent as sameBytes, type DerElement } from './der-elements.js';
import { PkiError } from './errors.js';
import { countProblem, enforce, lengthProblem, MAX_NAME_ATTRIBUTES } from './limits.js';
import type { SubjectProblem } from './types.js';

export type IdentityRole = 'CN' | 'O' | 'UID';

export interface GoAttribute {
  /** Dotted OID; '' when the caller asked for none (list). */
  oid: string;
  role: IdentityRole | null;
  /** The value as a generous reader decodes it: every string type, BMPString's terminator kept. */
  raw: string;
  /** The value Go reads, or null where Go leaves it out (a type it does not read as a string). */
  go: string | null;
}

export interface GoName {
  rdns: GoAttribute[][];
  /** The last CN Go reads: the user name. Null without one. */
  commonName: string | null;
  /** Every O Go reads, in order: the groups. */
  organizations: string[];
  /** The UID the authenticator takes: the one UID attribute, when it is a non-empty string. */
  uid: string | null;
  problems: SubjectProblem[];
}

const SEQUENCE = 0x30;
const SET = 0x31;
const OID_TAG = 0x06;
// OBJECT IDENTIFIER contents, compared as bytes.
const ROLE_OIDS: [IdentityRole, Buffer][] = [
  ['CN', Buffer.from([0x55, 0x04, 0x03])],
  ['O', Buffer.from([0x55, 0x04, 0x0a])],
  // 1.3.6.1.4.1.57683.2, k8s.io/apimachinery/pkg/apis/asn1 X509UID()
  ['UID', Buffer.from([0x2b, 0x06, 0x01, 0x04, 0x01, 0x83, 0xc2, 0x53, 0x02])],
];

const UTF8 = 0x0c;
const NUMERIC = 0x12;
const PRINTABLE = 0x13;
const T61 = 0x14;
const IA5 = 0x16;
const UNIVERSAL_STRING = 0x1c;
const BMP = 0x1e;
const TAG_NAMES: Record<number, string> = {
  0x01: 'BOOLEAN', 0x02: 'INTEGER', 0x03: 'BIT STRING', 0x04: 'OCTET STRING', 0x05: 'NULL', 0x06: 'OBJECT IDENTIFIER',
  0x0c: 'UTF8String', 0x12: 'NumericString', 0x13: 'PrintableString', 0x14: 'T61String', 0x15: 'VideotexString',
  0x16: 'IA5String', 0x17: 'UTCTime', 0x18: 'GeneralizedTime', 0x19: 'GraphicString', 0x1a: 'VisibleString',
  0x1b: 'GeneralString', 0x1c: 'UniversalString', 0x1e: 'BMPString',
};
/** Types a generous reader (openssl, this tool before) takes as Latin-1 text. */
const LATIN1 = new Set([NUMERIC, PRINTABLE, T61, 0x15, IA5, 0x19, 0x1a, 0x1b]);
const CONTROL = /[\x00-\x1f\x7f-\x9f]/;

/** The name of a value's type, for messages: `VisibleString`, `[0]`, `tag 0x3f`. */
export function tagName(tag: number): string {
  if (tag >> 6 === 2) return `[${tag & 0x1f}]`;
  return TAG_NAMES[tag] ?? `tag 0x${tag.toString(16)}`;
}

/** Reads the Name at `name` (the element of a SEQUENCE OF RDN) within `der`; throws a PkiError where nothing can. */
export function readGoName(der: Buffer, name: DerElement, what: string, withOids: boolean): GoName {
  const out: GoName = { rdns: [], commonName: null, organizations: [], uid: null, problems: [] };
  const reject = (detail: string) => out.problems.push({ kind: 'rejected-by-go', detail });
  const element = (bytes: Buffer, at: number, limit: number): DerElement => {
    const e = derElementAt(bytes, at, limit);
    const problem = headerProblem(der, at, e);
    if (problem) reject(problem);
    return e;
  };
  let count = 0;
  let cns = 0;
  const uids: GoAttribute[] = [];
  for (const rdn of childElements(der, expect(name, SEQUENCE, what), element)) {
    const attributes: GoAttribute[] = [];
    for (const pair of childElements(der, expect(rdn, SET, `${what} RDN`), element)) {
      const [type, value] = childElements(der, expect(pair, SEQUENCE, `${what} attribute`), element);
      const oid = expect(type, OID_TAG, `${what} attribute type`);
      if (value === undefined) throw new PkiError(`${what} attribute value is missing`);
      const oidProblem = goOidProblem(der, oid);
      if (oidProblem) reject(`${what} attribute type: ${oidProblem}`);
      const role = ROLE_OIDS.find(([, bytes]) => sameBytes(der, oid, bytes))?.[0] ?? null;
      const attribute = decodeValue(der, value, role, withOids || oidProblem ? dotted(der, oid) : '', out.problems);
      enforce(lengthProblem(attribute.raw, `a ${what} ${role ?? 'attribute'}`));
      attributes.push(attribute);
      count++;
      if (role === 'CN') cns++;
      if (role === 'UID') uids.push(attribute);
      if (attribute.go === null) continue;
      if (role === 'CN') out.commonName = attribute.go;
      else if (role === 'O') out.organizations.push(attribute.go);
      if (role !== null && CONTROL.test(attribute.go)) {
        out.problems.push({ kind: 'control-characters', detail: `${role} ${JSON.stringify(attribute.go)} holds a control character` });
      }
    }
    out.rdns.push(attributes);
  }
  enforce(countProblem(count, MAX_NAME_ATTRIBUTES, `${what} attributes`));
  if (cns > 1) out.problems.push({ kind: 'multiple-cn', detail: `${cns} CN attributes; Go keeps only the last one it reads` });
  if (uids.length > 1) out.problems.push({ kind: 'unusable-uid', detail: `${uids.length} UID attributes: the API server refuses such a certificate` });
  else if (uids[0]?.go === '') out.problems.push({ kind: 'unusable-uid', detail: 'an empty UID: the API server refuses such a certificate' });
  else if (uids[0]?.go) out.uid = uids[0].go;
  return out;
}

/** Go's value for one attribute value, and the generous reading beside it; problems go to `problems`. */
function decodeValue(der: Buffer, value: DerElement, role: IdentityRole | null, oid: string, problems: SubjectProblem[]): GoAttribute {
  const { tag, contentStart: start, end } = value;
  const label = role ?? (oid || 'attribute');
  const bytes = der.subarray(start, end);
  const before = problems.length;
  let go: string | null = null;
  let invalid: string | null = null;
  if (tag === PRINTABLE) invalid = bytes.every(isPrintable) ? null : 'PrintableString contains invalid character';
  else if (tag === NUMERIC) invalid = bytes.every((b) => (b >= 0x30 && b <= 0x39) || b === 0x20) ? null : 'NumericString contains invalid character';
  else if (tag === IA5) invalid = bytes.every((b) => b < 0x80) ? null : 'IA5String contains invalid character';
  else if (tag === UTF8) invalid = isUtf8(bytes) ? null : 'invalid UTF-8 string';
  if (invalid) problems.push({ kind: 'rejected-by-go', detail: `${label} ${tagName(tag)}: ${invalid}` });
  else if (tag === PRINTABLE || tag === NUMERIC || tag === IA5 || tag === T61) go = bytes.toString('latin1');
  else if (tag === UTF8) go = bytes.toString('utf8');
  else if (tag === BMP) go = goBmp(bytes, label, problems);
  else problems.push({ kind: 'ignored-type', detail: `${label} ${tagName(tag)} ${JSON.stringify(generous(der, value))}` });
  // Where Go took the value as it is, the generous reading is the same text: list reads every request, decode once.
  const raw = go !== null && problems.length === before ? go : generous(der, value);
  return { oid, role, raw, go };
}

/** asn1.go parseBMPString: one trailing U+0000 is dropped; surrogates and noncharacters are refused. */
function goBmp(bytes: Buffer, label: string, problems: SubjectProblem[]): string | null {
  if (bytes.length % 2 !== 0) {
    problems.push({ kind: 'rejected-by-go', detail: `${label} BMPString of an odd length` });
    return null;
  }
  let units = bytes;
  if (units.length >= 2 && units[units.length - 1] === 0 && units[units.length - 2] === 0) {
    units = units.subarray(0, units.length - 2);
    problems.push({ kind: 'altered-value', detail: `${label} BMPString ends in U+0000, which Go drops` });
  }
  let out = '';
  for (let i = 0; i < units.length; i += 2) {
    const point = units.readUInt16BE(i);
    if (point === 0xfffe || point === 0xffff || (point >= 0xfdd0 && point <= 0xfdef) || (point >= 0xd800 && point <= 0xdfff)) {
      problems.push({ kind: 'rejected-by-go', detail: `${label} BMPString holds U+${point.toString(16).toUpperCase()}` });
      return null;
    }
    out += String.fromCharCode(point);
  }
  return out;
}

/** What openssl-like readers show: every string type decoded, nothing dropped; other values as `#` and hex. */
function generous(der: Buffer, value: DerElement): string {
  const { tag, contentStart: start, end } = value;
  if (tag === UTF8) return der.toString('utf8', start, end);
  if (LATIN1.has(tag)) return der.toString('latin1', start, end);
  let out = '';
  if (tag === BMP) {
    for (let i = start; i + 2 <= end; i += 2) out += String.fromCharCode(der.readUInt16BE(i));
    return out;
  }
  if (tag === UNIVERSAL_STRING) {
    for (let i = start; i + 4 <= end; i += 4) {
      const point = der.readUInt32BE(i);
      out += point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff) ? '\ufffd' : String.fromCodePoint(point);
    }
    return out;
  }
  return `#${der.toString('hex', start, end)}`;
}

/** asn1.go isPrintable with allowAsterisk and allowAmpersand, as parsePrintableString calls it. */
export function isPrintable(b: number): boolean {
  return (
    (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || (b >= 0x30 && b <= 0x39) || (b >= 0x27 && b <= 0x29) ||
    (b >= 0x2b && b <= 0x2f) || b === 0x20 || b === 0x3a || b === 0x3d || b === 0x3f || b === 0x2a || b === 0x26
  );
}

/** asn1.go parseTagAndLength: lengths must be minimal, tags of 31 and above only in the long form. */
function headerProblem(der: Buffer, at: number, e: DerElement): string | null {
  let pos = at + 1;
  if ((e.tag & 0x1f) === 0x1f) {
    if (der[pos] === 0x80) return 'non-minimal tag';
    let number = 0;
    for (; pos < e.contentStart && (der[pos]! & 0x80) !== 0; pos++) number = number * 128 + (der[pos]! & 0x7f);
    number = number * 128 + (der[pos]! & 0x7f);
    pos++;
    if (number < 0x1f) return 'non-minimal tag';
  }
  const first = der[pos]!;
  if ((first & 0x80) === 0) return null;
  if (der[pos + 1] === 0) return 'superfluous leading zeros in length';
  return e.end - e.contentStart < 0x80 ? 'non-minimal length' : null;
}

/** asn1.go parseObjectIdentifier: not empty, every arc minimal, complete and below 2^31. */
function goOidProblem(der: Buffer, oid: DerElement): string | null {
  if (oid.contentStart === oid.end) return 'zero length OBJECT IDENTIFIER';
  for (let pos = oid.contentStart; pos < oid.end; ) {
    if (der[pos] === 0x80) return 'integer is not minimally encoded';
    let arc = 0;
    let length = 0;
    for (;;) {
      if (pos >= oid.end) return 'truncated base 128 integer';
      if (++length > 5) return 'base 128 integer too large';
      const b = der[pos++]!;
      arc = arc * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
    if (arc > 0x7fffffff) return 'base 128 integer too large';
  }
  return null;
}

/** The dotted form of an OID that goOidProblem accepts; a hex form of one it does not. */
function dotted(der: Buffer, oid: DerElement): string {
  if (goOidProblem(der, oid)) return `#${der.toString('hex', oid.contentStart, oid.end)}`;
  const arcs: number[] = [];
  let arc = 0;
  for (let pos = oid.contentStart; pos < oid.end; pos++) {
    arc = arc * 128 + (der[pos]! & 0x7f);
    if ((der[pos]! & 0x80) === 0) {
      if (arcs.length === 0) arcs.push(arc < 80 ? Math.floor(arc / 40) : 2, arc < 80 ? arc % 40 : arc - 80);
      else arcs.push(arc);
      arc = 0;
    }
  }
  return arcs.join('.');
}
