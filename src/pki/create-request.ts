import { createPublicKey, type KeyObject } from 'node:crypto';
import { build, fromDer, toDer, type Asn1 } from './asn1.js';
import { PkiError } from './errors.js';
import { ipToBytes } from './ip.js';
import { LimitError, requestLimitProblem, type RequestContents } from './limits.js';
import { encodeName } from './name.js';
import { DNS_NAME, EXTENDED_KEY_USAGES, IP_ADDRESS, KEY_USAGES, OID, RFC822_NAME, URI } from './oids.js';
import { toPem } from './pem.js';
import { signWith } from './signature.js';

export interface RequestOptions extends RequestContents {
  /** The private key; its public half goes into the request and it signs the request. */
  key: KeyObject;
  /**
   * openssl wording ("Digital Signature", "Key Encipherment"). Omitted by default: Kubernetes signers take usages
   * from spec.usages and ignore these, so they only matter to other CAs.
   */
  keyUsage?: readonly string[];
  /** openssl wording ("TLS Web Client Authentication") or dotted OIDs. Omitted by default, as keyUsage. */
  extendedKeyUsage?: readonly string[];
}

/** A PEM "CERTIFICATE REQUEST" (PKCS#10, RFC 2986) for `options`, signed with `options.key`. */
export function createRequest(options: RequestOptions): string {
  const { key } = options;
  if (key.type !== 'private') {
    throw new PkiError(`a certificate request is signed with a private key, got a ${key.type} key`);
  }
  if (options.commonName === '') throw new PkiError('a certificate request needs a common name');
  const tooMuch = requestLimitProblem(options);
  if (tooMuch) throw new LimitError(`the request ${tooMuch}`);
  const subject = encodeName([
    { oid: OID.commonName, value: options.commonName },
    ...(options.organizations ?? []).map((value) => ({ oid: OID.organization, value })),
    ...(options.uid !== undefined ? [{ oid: OID.kubernetesUid, value: options.uid }] : []),
  ]);
  const spki = fromDer(createPublicKey(key).export({ format: 'der', type: 'spki' }));
  const extensions = requestedExtensions(options);
  const attributes = extensions.length === 0
    ? []
    : [build.sequence([build.oid(OID.extensionRequest), build.set([build.sequence(extensions)])])];
  const info = build.sequence([build.integer(0), subject, spki, build.taggedChildren(0, attributes)]);
  const infoDer = toDer(info);
  const { algorithm, signature } = signWith(key, infoDer);
  // Encoding `info` again gives `infoDer` back byte for byte: forge's encoder is deterministic.
  return toPem('CERTIFICATE REQUEST', toDer(build.sequence([info, algorithm, build.bitString(signature)])));
}

function requestedExtensions(options: RequestOptions): Asn1[] {
  const extensions: Asn1[] = [];
  // The order Go's x509 writes: DNS names, emails, IPs, URIs.
  const names = [
    ...(options.dns ?? []).map((name) => build.taggedBytes(DNS_NAME, ascii(name, 'DNS name'))),
    ...(options.email ?? []).map((email) => build.taggedBytes(RFC822_NAME, ascii(email, 'email address'))),
    ...(options.ip ?? []).map((ip) => build.taggedBytes(IP_ADDRESS, ipBytes(ip))),
    ...(options.uri ?? []).map((uri) => build.taggedBytes(URI, ascii(uri, 'URI'))),
  ];
  if (names.length > 0) extensions.push(extension(OID.subjectAltName, false, build.sequence(names)));
  // RFC 5280 4.2.1.3: keyUsage SHOULD be marked critical.
  if (options.keyUsage?.length) extensions.push(extension(OID.keyUsage, true, keyUsageBits(options.keyUsage)));
  if (options.extendedKeyUsage?.length) {
    extensions.push(extension(OID.extKeyUsage, false, build.sequence(options.extendedKeyUsage.map(purposeOid))));
  }
  return extensions;
}

function extension(oid: string, critical: boolean, value: Asn1): Asn1 {
  const id = build.oid(oid);
  const octets = build.octets(toDer(value));
  return build.sequence(critical ? [id, build.boolean(true), octets] : [id, octets]);
}

/** dNSName, rfc822Name and URI are IA5String: international names must come in their ASCII (punycode) form. */
function ascii(value: string, what: string): Buffer {
  if (!/^[\x21-\x7e]+$/.test(value)) throw new PkiError(`${what} "${value}" must be non-empty printable ASCII`);
  return Buffer.from(value, 'latin1');
}

function ipBytes(address: string): Buffer {
  const bytes = ipToBytes(address);
  if (bytes === null) throw new PkiError(`"${address}" is not an IPv4 or IPv6 address`);
  return bytes;
}

function keyUsageBits(names: readonly string[]): Asn1 {
  const bits = names.map((name) => {
    const bit = KEY_USAGES.findIndex((usage) => usage.toLowerCase() === name.toLowerCase());
    if (bit < 0) throw new PkiError(`unknown key usage "${name}"; expected one of: ${KEY_USAGES.join(', ')}`);
    return bit;
  });
  // DER drops trailing zero bits, so the string ends at the highest bit set.
  const length = Math.max(...bits) + 1;
  const bytes = Buffer.alloc(Math.ceil(length / 8));
  for (const bit of bits) bytes[bit >> 3]! |= 0x80 >> (bit & 7);
  return build.bitString(bytes, bytes.length * 8 - length);
}

function purposeOid(name: string): Asn1 {
  if (/^\d+(\.\d+)+$/.test(name)) return build.oid(name);
  const found = Object.entries(EXTENDED_KEY_USAGES).find(([, usage]) => usage.toLowerCase() === name.toLowerCase());
  if (!found) {
    const known = Object.values(EXTENDED_KEY_USAGES).join(', ');
    throw new PkiError(`unknown extended key usage "${name}"; expected a dotted OID or one of: ${known}`);
  }
  return build.oid(found[0]);
}
