import { build, type Asn1 } from './asn1.js';
import type { DerElement } from './der-elements.js';
import { readGoName, type GoAttribute, type GoName } from './go-name.js';
import { NAME_ATTRIBUTES, OID, nameOf } from './oids.js';
import { readPlainName, type PlainName } from './plain-name.js';
import type { DistinguishedName, NameAttribute } from './types.js';

/**
 * The Name `element` of `der`, read as Go reads it (go-name.ts): the one reader of subjects and issuers. A common
 * Name is read in one pass (plain-name.ts), to the same answer: the approver reads the subject of every CSR it
 * judges (issue 25).
 */
export function readName(der: Buffer, element: DerElement, what: string): DistinguishedName {
  const rdns: NameAttribute[][] = [];
  const plain = readPlainName(der, element, rdns);
  return plain === null ? readWholeName(der, element, what) : distinguishedName(plain, rdns, []);
}

/** readName by readGoName alone: what test/pki/name.test.ts holds the one-pass reading to. */
export function readWholeName(der: Buffer, element: DerElement, what: string): DistinguishedName {
  const name = readGoName(der, element, what, true);
  const rdns = name.rdns.map((rdn) => rdn.filter((a): a is GoAttribute & { go: string } => a.go !== null).map((a): NameAttribute => ({ type: nameOf(NAME_ATTRIBUTES, a.oid), oid: a.oid, value: a.go })));
  return distinguishedName(name, rdns, name.problems, name.rdns);
}

/** `raw`: every attribute as a generous reader decodes it, for rawText where there are problems. */
function distinguishedName(name: PlainName, rdns: NameAttribute[][], problems: GoName['problems'], raw?: GoAttribute[][]): DistinguishedName {
  const attributes = rdns.flat();
  const text = oneLine(rdns);
  return {
    attributes,
    commonName: name.commonName,
    organizations: name.organizations,
    organizationalUnits: attributes.filter((a) => a.oid === OID.organizationalUnit).map((a) => a.value),
    uid: name.uid,
    problems,
    text,
    rawText: problems.length && raw ? oneLine(raw.map((rdn) => rdn.map((a) => ({ type: nameOf(NAME_ATTRIBUTES, a.oid), value: a.raw })))) : text,
  };
}

/** "CN=a, O=b + OU=c": the RDNs in order, empty ones left out. */
function oneLine(rdns: { type: string; value: string }[][]): string {
  let text = '';
  for (const rdn of rdns) {
    for (let i = 0; i < rdn.length; i++) text += `${i > 0 ? ' + ' : text === '' ? '' : ', '}${rdn[i]!.type}=${escapeValue(rdn[i]!.value)}`;
  }
  return text;
}

/** What escapeValue changes: without it (nearly every value), the value is its own escaping. */
const ESCAPED = /[\\",+;<>\0]|^[ #]| $/;

/** RFC 4514 section 2.4 escaping, so that "O=a, b" cannot be read as two attributes. */
function escapeValue(value: string): string {
  if (!ESCAPED.test(value)) return value;
  return value
    .replace(/[\\",+;<>]/g, (c) => `\\${c}`)
    .replace(/\0/g, '\\00')
    .replace(/^[ #]/, (c) => `\\${c}`)
    .replace(/ $/, '\\ ');
}

/**
 * A Name with one attribute per RDN, in the order given, every value a UTF8String (RFC 5280 4.1.2.4 MUST for new
 * certificates). Each O gets its own RDN because Kubernetes turns every O into a group.
 */
export function encodeName(attributes: ReadonlyArray<{ oid: string; value: string }>): Asn1 {
  return build.sequence(
    attributes.map((a) => build.set([build.sequence([build.oid(a.oid), build.utf8(a.value)])])),
  );
}
