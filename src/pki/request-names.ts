// The extensionRequest attribute (PKCS#9) of a request's attributes, as parseRequest (request.ts) reads it.
import { isTagged, oid, sequence, set, taggedChildren, type Asn1 } from './asn1.js';
import { PkiError } from './errors.js';
import { OID } from './oids.js';

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
