import { bitString, boolean, fromDer, isBoolean, isTagged, octets, oid, sequence, taggedBytes, type Asn1 } from './asn1.js';
import { PkiError, reasonOf } from './errors.js';
import { ipFromBytes } from './ip.js';
import { countProblem, enforce, lengthProblem, MAX_EXTENSIONS, MAX_SANS } from './limits.js';
import { DNS_NAME, EXTENDED_KEY_USAGES, EXTENSIONS, IP_ADDRESS, KEY_USAGES, OID, RFC822_NAME, URI, nameOf } from './oids.js';
import type { Extension, SubjectAltNames } from './types.js';

/** What a request asks for or a certificate carries, from its Extensions. */
export interface ParsedExtensions {
  extensions: Extension[];
  sans: SubjectAltNames;
  keyUsage: string[];
  extendedKeyUsage: string[];
  isCA: boolean;
}


/** Decodes the elements of an `Extensions` SEQUENCE; unknown extensions are listed by OID and otherwise skipped. */
export function parseExtensions(list: Asn1[]): ParsedExtensions {
  const parsed = noExtensions();
  enforce(countProblem(list.length, MAX_EXTENSIONS, 'extensions'));
  for (const node of list) {
    const fields = sequence(node, 'extension');
    const extnID = oid(fields[0], 'extension id');
    const name = nameOf(EXTENSIONS, extnID);
    const hasCritical = fields.length === 3;
    const critical = hasCritical ? boolean(fields[1], `${name} critical flag`) : false;
    parsed.extensions.push({ oid: extnID, name, critical });
    try {
      readKnown(parsed, extnID, octets(fields[hasCritical ? 2 : 1], 'value'));
    } catch (err) {
      throw new PkiError(`${name} extension: ${reasonOf(err)}`, { cause: err });
    }
  }
  enforceSanLimits(parsed.sans);
  return parsed;
}

/** What a request or certificate without extensions carries. */
export function noExtensions(): ParsedExtensions {
  return { extensions: [], sans: { dns: [], ip: [], email: [], uri: [] }, keyUsage: [], extendedKeyUsage: [], isCA: false };
}

/** Throws a LimitError for more SANs, or a longer one, than kubectl csr reads. */
export function enforceSanLimits({ dns, ip, email, uri }: SubjectAltNames): void {
  const sans = [...dns, ...ip, ...email, ...uri];
  enforce(countProblem(sans.length, MAX_SANS, 'subject alternative names'));
  for (const san of sans) enforce(lengthProblem(san, 'a subject alternative name'));
}

// Only the extensions we read are decoded: an unknown one may hold anything, and must not make the request unreadable.
function readKnown(parsed: ParsedExtensions, extnID: string, octetString: Buffer): void {
  const name = 'value';
  const value = (): Asn1 => fromDer(octetString);
  switch (extnID) {
    case OID.subjectAltName:
      addNames(parsed.sans, sequence(value(), name));
      break;
    case OID.keyUsage:
      parsed.keyUsage.push(...keyUsages(bitString(value(), name)));
      break;
    case OID.extKeyUsage:
      parsed.extendedKeyUsage.push(...sequence(value(), name).map((p) => nameOf(EXTENDED_KEY_USAGES, oid(p, name))));
      break;
    case OID.basicConstraints: {
      // cA is DEFAULT FALSE, so a CA-less encoding may start with pathLenConstraint or be empty.
      const [cA] = sequence(value(), name);
      parsed.isCA = isBoolean(cA) && boolean(cA, 'cA');
      break;
    }
  }
}

// otherName, x400Address, directoryName, ediPartyName and registeredID are skipped: no Kubernetes signer or
// authenticator looks at them.
function addNames(sans: SubjectAltNames, names: Asn1[]): void {
  for (const name of names) {
    const kind = NAME_KINDS.find(([tag]) => isTagged(name, tag));
    if (kind) addName(sans, kind[0], taggedBytes(name, kind[1]));
  }
}

/** The GeneralName kinds read, by tag, with the name RFC 5280 gives each. */
const NAME_KINDS: ReadonlyArray<readonly [number, string]> = [
  [DNS_NAME, 'dNSName'],
  [RFC822_NAME, 'rfc822Name'],
  [URI, 'uniformResourceIdentifier'],
  [IP_ADDRESS, 'iPAddress'],
];

/** Adds the GeneralName `[tag]` whose content is `bytes` to `sans`; a kind not in NAME_KINDS is skipped. */
export function addName(sans: SubjectAltNames, tag: number, bytes: Buffer): void {
  if (tag === DNS_NAME) sans.dns.push(bytes.toString('latin1'));
  else if (tag === RFC822_NAME) sans.email.push(bytes.toString('latin1'));
  else if (tag === URI) sans.uri.push(bytes.toString('latin1'));
  else if (tag === IP_ADDRESS) {
    const ip = ipFromBytes(bytes);
    if (ip === null) throw new PkiError(`IP address of ${bytes.length} bytes`);
    sans.ip.push(ip);
  }
}

function keyUsages(bits: Buffer): string[] {
  return KEY_USAGES.filter((_, bit) => ((bits[bit >> 3] ?? 0) & (0x80 >> (bit & 7))) !== 0);
}
