// Only forge's ASN.1 codec (with the util and oids modules it loads), not the library's index, which loads all of it
// (ciphers, TLS, PKCS#12...): 0.5 MB of the bundle that every command decoding a request initialised (BENCHMARKS.md).
import forge from 'node-forge/lib/forge.js';
import 'node-forge/lib/asn1.js';
import { PkiError, reasonOf } from './errors.js';

// Thin typed accessors over node-forge's ASN.1 tree. forge's own `pki.*` helpers only understand RSA keys, so the
// request and certificate parsers walk the tree themselves. Every accessor takes `Asn1 | undefined` so that a missing
// element becomes a PkiError naming it, not a TypeError.

export type Asn1 = forge.asn1.Asn1;

const { Class, Type } = forge.asn1;

// @types/node-forge only knows the boolean form of the second argument.
type FromDer = (bytes: forge.util.ByteBuffer, options: object) => Asn1;

/** Parses one DER element that must fill `der` exactly. */
export function fromDer(der: Buffer): Asn1 {
  try {
    // decodeBitStrings: false, because forge otherwise guesses that a BIT STRING whose content looks like DER (an
    // ECDSA signature, a key usage of the right bytes) is a nested structure, and we want the bytes as they are.
    return (forge.asn1.fromDer as unknown as FromDer)(forge.util.createBuffer(der.toString('binary')), {
      strict: true,
      parseAllBytes: true,
      decodeBitStrings: false,
    });
  } catch (err) {
    // forge throws plain Errors worded as sentences ("Too few bytes to read ASN.1 value."); a leading acronym
    // ("ASN.1 parsing error: Max depth exceeded.") keeps its case.
    const reason = reasonOf(err).replace(/\.$/, '').replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase());
    throw new PkiError(`malformed DER: ${reason}`, { cause: err });
  }
}

export function toDer(node: Asn1): Buffer {
  return Buffer.from(forge.asn1.toDer(node).getBytes(), 'binary');
}

function present(node: Asn1 | undefined, what: string): Asn1 {
  if (!node) throw new PkiError(`${what} is missing`);
  return node;
}

function universal(node: Asn1 | undefined, type: number, typeName: string, what: string): Asn1 {
  const n = present(node, what);
  if (n.tagClass !== Class.UNIVERSAL || (n.type as number) !== type) throw new PkiError(`${what} is not ${typeName}`);
  return n;
}

function childrenOf(node: Asn1, what: string): Asn1[] {
  if (!Array.isArray(node.value)) throw new PkiError(`${what} is not constructed`);
  return node.value;
}

function primitiveOf(node: Asn1, what: string): string {
  if (typeof node.value !== 'string') throw new PkiError(`${what} is not a primitive value`);
  return node.value;
}

export function sequence(node: Asn1 | undefined, what: string): Asn1[] {
  return childrenOf(universal(node, Type.SEQUENCE, 'a SEQUENCE', what), what);
}

export function set(node: Asn1 | undefined, what: string): Asn1[] {
  return childrenOf(universal(node, Type.SET, 'a SET', what), what);
}

export function oid(node: Asn1 | undefined, what: string): string {
  const dotted = oidText(primitiveOf(universal(node, Type.OID, 'an OBJECT IDENTIFIER', what), what));
  if (dotted === null) throw new PkiError(`${what} is not a valid OBJECT IDENTIFIER`);
  return dotted;
}

/** The dotted form of the content of an OBJECT IDENTIFIER (bytes as a binary string), or null when it is not one. */
export function oidText(bytes: string): string | null {
  // forge returns undefined for an empty OID, drops an unfinished last arc, and throws on arcs beyond 2^53.
  const valid = bytes.length > 0 && (bytes.charCodeAt(bytes.length - 1) & 0x80) === 0;
  try {
    return valid ? forge.asn1.derToOid(bytes) : null;
  } catch {
    return null;
  }
}

export function octets(node: Asn1 | undefined, what: string): Buffer {
  return Buffer.from(primitiveOf(universal(node, Type.OCTETSTRING, 'an OCTET STRING', what), what), 'binary');
}

export function integerBytes(node: Asn1 | undefined, what: string): Buffer {
  return Buffer.from(primitiveOf(universal(node, Type.INTEGER, 'an INTEGER', what), what), 'binary');
}

/** A non-negative INTEGER small enough for a JS number (salt lengths, versions). */
export function smallInteger(node: Asn1 | undefined, what: string): number {
  const bytes = integerBytes(node, what);
  if (bytes.length === 0 || bytes.length > 6 || (bytes[0]! & 0x80) !== 0) throw new PkiError(`${what} is out of range`);
  return bytes.readUIntBE(0, bytes.length);
}

export function boolean(node: Asn1 | undefined, what: string): boolean {
  return primitiveOf(universal(node, Type.BOOLEAN, 'a BOOLEAN', what), what) !== '\x00';
}

/** The bytes of a BIT STRING without its leading unused-bits count. */
export function bitString(node: Asn1 | undefined, what: string): Buffer {
  const bytes = primitiveOf(universal(node, Type.BITSTRING, 'a BIT STRING', what), what);
  if (bytes.length === 0) throw new PkiError(`${what} is an empty BIT STRING`);
  return Buffer.from(bytes.slice(1), 'binary');
}

export function time(node: Asn1 | undefined, what: string): Date {
  const n = present(node, what);
  let date: Date;
  if (n.tagClass === Class.UNIVERSAL && n.type === Type.UTCTIME) date = forge.asn1.utcTimeToDate(primitiveOf(n, what));
  else if (n.tagClass === Class.UNIVERSAL && n.type === Type.GENERALIZEDTIME) {
    date = forge.asn1.generalizedTimeToDate(primitiveOf(n, what));
  } else throw new PkiError(`${what} is not a UTCTime or GeneralizedTime`);
  // forge makes an Invalid Date of digits it cannot read, which would fail later, when printed.
  if (Number.isNaN(date.getTime())) throw new PkiError(`${what} is not a valid time`);
  return date;
}

export function isBoolean(node: Asn1 | undefined): boolean {
  return node !== undefined && node.tagClass === Class.UNIVERSAL && node.type === Type.BOOLEAN;
}

/** True for a context-specific element `[tag]`, as used for optional and implicitly tagged fields. */
export function isTagged(node: Asn1 | undefined, tag: number): boolean {
  return node !== undefined && node.tagClass === Class.CONTEXT_SPECIFIC && (node.type as number) === tag;
}

export function taggedChildren(node: Asn1, what: string): Asn1[] {
  return childrenOf(node, what);
}

export function taggedBytes(node: Asn1, what: string): Buffer {
  return Buffer.from(primitiveOf(node, what), 'binary');
}

// Builders for the few shapes the request writer needs.
export const build = {
  sequence: (children: Asn1[]): Asn1 => forge.asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, children),
  set: (children: Asn1[]): Asn1 => forge.asn1.create(Class.UNIVERSAL, Type.SET, true, children),
  oid: (dotted: string): Asn1 =>
    forge.asn1.create(Class.UNIVERSAL, Type.OID, false, forge.asn1.oidToDer(dotted).getBytes()),
  integer: (value: number): Asn1 =>
    forge.asn1.create(Class.UNIVERSAL, Type.INTEGER, false, forge.asn1.integerToDer(value).getBytes()),
  null: (): Asn1 => forge.asn1.create(Class.UNIVERSAL, Type.NULL, false, ''),
  boolean: (value: boolean): Asn1 =>
    forge.asn1.create(Class.UNIVERSAL, Type.BOOLEAN, false, value ? '\xff' : '\x00'),
  utf8: (value: string): Asn1 =>
    forge.asn1.create(Class.UNIVERSAL, Type.UTF8, false, Buffer.from(value, 'utf8').toString('binary')),
  octets: (bytes: Buffer): Asn1 =>
    forge.asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, bytes.toString('binary')),
  /** A BIT STRING whose last byte has `unusedBits` padding bits. */
  bitString: (bytes: Buffer, unusedBits = 0): Asn1 =>
    forge.asn1.create(Class.UNIVERSAL, Type.BITSTRING, false, String.fromCharCode(unusedBits) + bytes.toString('binary')),
  /** `[tag]` IMPLICIT: a primitive context-specific element holding `bytes`. */
  taggedBytes: (tag: number, bytes: Buffer): Asn1 =>
    forge.asn1.create(Class.CONTEXT_SPECIFIC, tag, false, bytes.toString('binary')),
  /** `[tag]` around constructed content, e.g. the attributes of a CertificationRequestInfo. */
  taggedChildren: (tag: number, children: Asn1[]): Asn1 => forge.asn1.create(Class.CONTEXT_SPECIFIC, tag, true, children),
};
