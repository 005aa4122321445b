// Requests no tool would make, built here with node-forge's ASN.1 writer (independent of src/pki) and signed with
// node:crypto: the odd corners of the extensionRequest decoder, and what happens when the parts disagree.
import { createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import forge from 'node-forge';
import t from 'tap';
import { caught } from '../fixtures/pki/caught.js';
import { parseRequest } from '../../src/pki/request.js';

const { asn1 } = forge;
const { Class, Type } = asn1;
const { privateKey } = generateKeyPairSync('ed25519');
const spkiDer = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });

const bytes = (b: Buffer | number[]): string => Buffer.from(b).toString('binary');
const seq = (children: forge.asn1.Asn1[]) => asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, children);
const oid = (dotted: string) => asn1.create(Class.UNIVERSAL, Type.OID, false, asn1.oidToDer(dotted).getBytes());
const octets = (node: forge.asn1.Asn1 | string) =>
  asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, typeof node === 'string' ? node : asn1.toDer(node).getBytes());
const ext = (dotted: string, value: forge.asn1.Asn1 | string) => seq([oid(dotted), octets(value)]);
const tagged = (tag: number, content: number[]) => asn1.create(Class.CONTEXT_SPECIFIC, tag, false, bytes(content));

/** A signed Ed25519 request for CN=hand whose extensionRequest holds `extensions`. */
function request(extensions: forge.asn1.Asn1[]): Buffer {
  const name = seq([asn1.create(Class.UNIVERSAL, Type.SET, true, [
    seq([oid('2.5.4.3'), asn1.create(Class.UNIVERSAL, Type.UTF8, false, 'hand')]),
  ])]);
  const attribute = seq([oid('1.2.840.113549.1.9.14'), asn1.create(Class.UNIVERSAL, Type.SET, true, [seq(extensions)])]);
  const info = seq([
    asn1.create(Class.UNIVERSAL, Type.INTEGER, false, '\x00'),
    name,
    asn1.fromDer(bytes(spkiDer)),
    asn1.create(Class.CONTEXT_SPECIFIC, 0, true, [attribute]),
  ]);
  const infoDer = Buffer.from(asn1.toDer(info).getBytes(), 'binary');
  const signature = sign(null, infoDer, privateKey);
  const bitString = asn1.create(Class.UNIVERSAL, Type.BITSTRING, false, `\x00${bytes(signature)}`);
  return Buffer.from(asn1.toDer(seq([info, seq([oid('1.3.101.112')]), bitString])).getBytes(), 'binary');
}

t.test('SAN entries we do not model are skipped; unknown extensions are listed by OID', async (t) => {
  const decoded = parseRequest(request([
    ext('2.5.29.17', seq([
      asn1.create(Class.CONTEXT_SPECIFIC, 0, true, [oid('1.3.6.1.4.1.311.20.2.3')]), // otherName (UPN), skipped
      tagged(2, [...Buffer.from('a.example')]),
      tagged(7, [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
    ])),
    ext('1.2.3.4', 'not even DER'),
    ext('2.5.29.19', seq([asn1.create(Class.UNIVERSAL, Type.INTEGER, false, '\x00')])), // pathLen only: not a CA
  ]));
  t.strictSame(decoded.sans, { dns: ['a.example'], ip: ['2001:db8::1'], email: [], uri: [] });
  t.strictSame(decoded.extensions, [
    { oid: '2.5.29.17', name: 'subjectAltName', critical: false },
    { oid: '1.2.3.4', name: '1.2.3.4', critical: false },
    { oid: '2.5.29.19', name: 'basicConstraints', critical: false },
  ]);
  t.equal(decoded.signatureValid, true);
});

t.test('a malformed extension names the extension', async (t) => {
  const cases: Array<[forge.asn1.Asn1, string]> = [
    [ext('2.5.29.17', seq([tagged(7, [10, 0, 0, 0, 1])])), 'subjectAltName extension: IP address of 5 bytes'],
    [ext('2.5.29.15', asn1.create(Class.UNIVERSAL, Type.INTEGER, false, '\x01')), 'keyUsage extension: value is not a BIT STRING'],
    [ext('2.5.29.37', '\x30\x05\x06'), 'extKeyUsage extension: malformed DER: too few bytes to read ASN.1 value'],
    [seq([oid('2.5.29.17')]), 'subjectAltName extension: value is missing'],
  ];
  for (const [extension, reason] of cases) {
    t.strictSame(caught(() => parseRequest(request([extension]))), {
      pkiError: true,
      message: `not a PKCS#10 certificate request: ${reason}`,
    }, reason);
  }
});

t.test('an unknown or mismatched signature algorithm never verifies', async (t) => {
  const good = request([]);
  const ed25519Oid = Buffer.from([0x06, 0x03, 0x2b, 0x65, 0x70]);
  // The signature's AlgorithmIdentifier is the last ed25519 OID; the first is the key's own.
  const at = good.lastIndexOf(ed25519Oid);
  const asEd448 = Buffer.from(good);
  asEd448[at + 4] = 0x71;
  t.strictSame([parseRequest(asEd448).signatureAlgorithm, parseRequest(asEd448).signatureValid], ['ED448', false]);
  const unknown = Buffer.from(good);
  unknown[at + 4] = 0x7f;
  t.strictSame([parseRequest(unknown).signatureAlgorithm, parseRequest(unknown).signatureValid], ['1.3.101.127', false]);
});

t.test('BER indefinite lengths are refused', async (t) => {
  const der = request([]);
  // 30 81 xx or 30 82 xx xx: rewrite the outer length as indefinite and append the end-of-contents octets.
  const headerLength = der[1]! & 0x80 ? 2 + (der[1]! & 0x7f) : 2;
  const ber = Buffer.concat([Buffer.from([0x30, 0x80]), der.subarray(headerLength), Buffer.from([0, 0])]);
  t.strictSame(caught(() => parseRequest(ber)), {
    pkiError: true,
    message: 'not a PKCS#10 certificate request: indefinite-length (BER) encoding is not DER',
  });
});
