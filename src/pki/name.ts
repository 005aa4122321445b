import { build, type Asn1 } from './asn1.js';
import type { DerElement } from './der-elements.js';
import { readGoName, type GoAttribute, type GoName } from './go-name.js';
import { NAME_ATTRIBUTES, OID, nameOf } from './oids.js';
import type { DistinguishedName, NameAttribute } from './types.js';

/** The Name `element` of `der`, read as Go reads it (go-name.ts): the one reader of subjects and issuers. */
export function readName(der: Buffer, element: DerElement, what: string): DistinguishedName {
  return fromGoName(readGoName(der, element, what, true));
}

function fromGoName(name: GoName): DistinguishedName {
  const rdns = name.rdns.map((rdn) => rdn.filter((a): a is GoAttribute & { go: string } => a.go !== null).map((a): NameAttribute => ({ type: nameOf(NAME_ATTRIBUTES, a.oid), oid: a.oid, value: a.go })));
  const attributes = rdns.flat();
  const text = oneLine(rdns);
  return {
    attributes,
    commonName: name.commonName,
    organizations: name.organizations,
    organizationalUnits: attributes.filter((a) => a.oid === OID.organizationalUnit).map((a) => a.value),
    uid: name.uid,
    problems: name.problems,
    text,
    rawText: name.problems.length ? oneLine(name.rdns.map((rdn) => rdn.map((a) => ({ type: nameOf(NAME_ATTRIBUTES, a.oid), value: a.raw })))) : text,
  };
}

function oneLine(rdns: { type: string; value: string }[][]): string {
  return rdns.filter((rdn) => rdn.length).map((rdn) => rdn.map((a) => `${a.type}=${escapeValue(a.value)}`).join(' + ')).join(', ');
}

/** RFC 4514 section 2.4 escaping, so that "O=a, b" cannot be read as two attributes. */
function escapeValue(value: string): string {
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
