// The common subject, read in one pass: `list` reads the subject of every request in the cluster, and nearly every one
// is a few attributes in PrintableString or ASCII UTF8String with short DER headers, as Go, openssl and this tool
// write them. Of such a Name, Go's reading (go-name.ts) has nothing to say but the values themselves, so this reads
// only those, without building the attribute lists and problem texts that readGoName keeps for inspect and the
// policy, and answers null for anything else (another string type, a byte outside printable ASCII, a long header, an
// OID with multi-byte arcs, a second CN or UID, an empty UID), which readGoName then reads whole. It gives readGoName's
// answer or none: test/pki/plain-name.test.ts compares the two on the Go differential test's subjects. Asked for
// them, it also lists the attributes by RDN, as name.ts readName shows them: the approver reads the subject of
// every CSR of a storm that way (issue 25).
import { TAG, type DerElement } from './der-elements.js';
import { isPrintable } from './go-name.js';
import { MAX_NAME_ATTRIBUTES } from './limits.js';
import { NAME_ATTRIBUTES, OID as OIDS, nameOf } from './oids.js';
import type { NameAttribute } from './types.js';

export interface PlainName {
  commonName: string | null;
  organizations: string[];
  uid: string | null;
}

const { SEQUENCE, SET, OID, UTF8, PRINTABLE, IA5 } = TAG;
const CN = 1;
const O = 2;
const UID = 3;

/** CN, O, UID or 0 for the OID whose content is der[start, end); -1 for one this does not read (an arc above 127). */
function roleOf(der: Buffer, start: number, end: number): number {
  const length = end - start;
  if (length === 3 && der[start] === 0x55 && der[start + 1] === 0x04) {
    if (der[start + 2] === 0x03) return CN;
    if (der[start + 2] === 0x0a) return O;
  }
  // 1.3.6.1.4.1.57683.2, k8s.io/apimachinery/pkg/apis/asn1 X509UID()
  if (length === 9 && der.readUInt32BE(start) === 0x2b060104 && der.readUInt32BE(start + 4) === 0x0183c253 && der[start + 8] === 0x02) return UID;
  if (length === 0) return -1;
  for (let i = start; i < end; i++) if (der[i]! >= 0x80) return -1;
  return 0;
}

/** The end of the element at `at` when it has `tag` and a one-byte length and ends within `limit`; otherwise -1. */
function shortEnd(der: Buffer, at: number, limit: number, tag: number): number {
  if (at + 2 > limit || der[at] !== tag || der[at + 1]! >= 0x80) return -1;
  const end = at + 2 + der[at + 1]!;
  return end <= limit ? end : -1;
}

/** The dotted form of an OID of one-byte arcs (roleOf's but the UID's), as go-name.ts writes it. */
function dottedOid(der: Buffer, start: number, end: number): string {
  const first = der[start]!;
  if (first === 0x55 && end - start === 3 && der[start + 1] === 0x04) return `2.5.4.${der[start + 2]}`;
  let text = first < 80 ? `${Math.floor(first / 40)}.${first % 40}` : `2.${first - 80}`;
  for (let i = start + 1; i < end; i++) text += `.${der[i]}`;
  return text;
}

/**
 * The Name at `name` within `der` as readGoName reads it, when it reads it without a problem; otherwise null. With
 * `rdns`, its attributes are pushed there too, an array per RDN (what is there when it answers null means nothing).
 */
export function readPlainName(der: Buffer, name: DerElement, rdns?: NameAttribute[][]): PlainName | null {
  if (name.tag !== SEQUENCE) return null;
  const out: PlainName = { commonName: null, organizations: [], uid: null };
  let count = 0;
  for (let rdn = name.contentStart; rdn < name.end; ) {
    const rdnEnd = shortEnd(der, rdn, name.end, SET);
    if (rdnEnd < 0) return null;
    const attributes: NameAttribute[] | undefined = rdns && [];
    if (attributes) rdns!.push(attributes);
    for (let pair = rdn + 2; pair < rdnEnd; ) {
      const pairEnd = shortEnd(der, pair, rdnEnd, SEQUENCE);
      const oidEnd = pairEnd < 0 ? -1 : shortEnd(der, pair + 2, pairEnd, OID);
      if (oidEnd < 0 || oidEnd + 2 > pairEnd) return null;
      const tag = der[oidEnd]!;
      if ((tag !== UTF8 && tag !== PRINTABLE && tag !== IA5) || shortEnd(der, oidEnd, pairEnd, tag) !== pairEnd) return null;
      const role = roleOf(der, pair + 4, oidEnd);
      if (role < 0 || ++count > MAX_NAME_ATTRIBUTES) return null;
      // printable ASCII only: no control character to flag, and UTF-8 that is valid and reads as Latin-1 does
      for (let i = oidEnd + 2; i < pairEnd; i++) {
        const b = der[i]!;
        if (b < 0x20 || b >= 0x7f || (tag === PRINTABLE && !isPrintable(b))) return null;
      }
      const value = role !== 0 || attributes ? der.toString('latin1', oidEnd + 2, pairEnd) : '';
      if (role === CN) {
        if (out.commonName !== null) return null;
        out.commonName = value;
      } else if (role === O) {
        out.organizations.push(value);
      } else if (role === UID) {
        if (out.uid !== null || pairEnd === oidEnd + 2) return null;
        out.uid = value;
      }
      if (attributes) {
        const oid = role === UID ? OIDS.kubernetesUid : dottedOid(der, pair + 4, oidEnd);
        attributes.push({ type: nameOf(NAME_ATTRIBUTES, oid), oid, value });
      }
      pair = pairEnd;
    }
    rdn = rdnEnd;
  }
  return out;
}
