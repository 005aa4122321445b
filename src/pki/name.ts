import { build, oid, sequence, set, text, type Asn1 } from './asn1.js';
import { countProblem, enforce, lengthProblem, MAX_NAME_ATTRIBUTES } from './limits.js';
import { NAME_ATTRIBUTES, OID, nameOf } from './oids.js';
import type { DistinguishedName, NameAttribute } from './types.js';

/** Decodes an X.501 Name (a SEQUENCE of RDN SETs), keeping every attribute in encoding order. */
export function parseName(node: Asn1 | undefined, what: string): DistinguishedName {
  const rdns = sequence(node, what).map((rdn) =>
    set(rdn, `${what} RDN`).map((pair): NameAttribute => {
      const [type, value] = sequence(pair, `${what} attribute`);
      const dotted = oid(type, `${what} attribute type`);
      return { type: nameOf(NAME_ATTRIBUTES, dotted), oid: dotted, value: text(value, `${what} ${dotted} value`) };
    }),
  );
  const attributes = rdns.flat();
  enforce(countProblem(attributes.length, MAX_NAME_ATTRIBUTES, `${what} attributes`));
  for (const a of attributes) enforce(lengthProblem(a.value, `a ${what} ${a.type}`));
  const valuesOf = (attributeOid: string): string[] =>
    attributes.filter((a) => a.oid === attributeOid).map((a) => a.value);
  return {
    attributes,
    // The last CN wins, as in Go's pkix.Name: it is the one the API server takes as the user name.
    commonName: valuesOf(OID.commonName).at(-1) ?? null,
    organizations: valuesOf(OID.organization),
    organizationalUnits: valuesOf(OID.organizationalUnit),
    text: rdns.map((rdn) => rdn.map((a) => `${a.type}=${escapeValue(a.value)}`).join(' + ')).join(', '),
  };
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
