import forge from 'node-forge';
import t from 'tap';
import { caught } from '../fixtures/pki/caught.js';
import { parseName } from '../../src/pki/name.js';

const { asn1 } = forge;
const { Class, Type } = asn1;

/** A Name of single-attribute RDNs, each value of the given ASN.1 universal type and raw content bytes. */
function name(values: Array<[string, number, Buffer]>): forge.asn1.Asn1 {
  return asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, values.map(([oid, type, content]) =>
    asn1.create(Class.UNIVERSAL, Type.SET, true, [asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [
      asn1.create(Class.UNIVERSAL, Type.OID, false, asn1.oidToDer(oid).getBytes()),
      asn1.create(Class.UNIVERSAL, type, false, content.toString('binary')),
    ])])));
}

/** Through DER and back, as the parsers see it (forge decodes BMPString on the way in). */
function roundTrip(node: forge.asn1.Asn1): forge.asn1.Asn1 {
  return asn1.fromDer(asn1.toDer(node));
}

t.test('every string type names use', async (t) => {
  const bmp = asn1.create(Class.UNIVERSAL, Type.BMPSTRING, false, 'Zoë 中');
  const decoded = parseName(roundTrip(name([
    ['2.5.4.3', Type.UTF8, Buffer.from('Jürgen 😀', 'utf8')],
    ['2.5.4.6', Type.PRINTABLESTRING, Buffer.from('DE')],
    ['2.5.4.7', 20, Buffer.from('Köln', 'latin1')], // T61String, read as Latin-1 like openssl
    ['1.2.840.113549.1.9.1', Type.IA5STRING, Buffer.from('a@example.com')],
    ['2.5.4.11', 28, Buffer.from([0, 0, 0, 0x41, 0, 1, 0xf6, 0])], // UniversalString "A😀"
  ])), 'subject');
  t.strictSame(decoded.attributes.map((a) => [a.type, a.value]), [
    ['CN', 'Jürgen 😀'],
    ['C', 'DE'],
    ['L', 'Köln'],
    ['emailAddress', 'a@example.com'],
    ['OU', 'A😀'],
  ]);
  const withBmp = name([['2.5.4.10', Type.UTF8, Buffer.from('x')]]);
  ((withBmp.value as forge.asn1.Asn1[])[0]!.value as forge.asn1.Asn1[])[0]!.value = [
    asn1.create(Class.UNIVERSAL, Type.OID, false, asn1.oidToDer('2.5.4.10').getBytes()),
    bmp,
  ];
  t.strictSame(parseName(roundTrip(withBmp), 'subject').organizations, ['Zoë 中']);
});

t.test('an empty name, and names that are not names', async (t) => {
  t.strictSame(parseName(roundTrip(name([])), 'issuer'), {
    attributes: [],
    commonName: null,
    organizations: [],
    organizationalUnits: [],
    text: '',
  });
  t.strictSame(caught(() => parseName(roundTrip(name([['2.5.4.3', Type.INTEGER, Buffer.from([1])]])), 'subject')), {
    pkiError: true,
    message: 'subject 2.5.4.3 value is not a string',
  });
  t.strictSame(caught(() => parseName(undefined, 'subject')), { pkiError: true, message: 'subject is missing' });
  t.strictSame(caught(() => parseName(roundTrip(asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [
    asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, []),
  ])), 'subject')), { pkiError: true, message: 'subject RDN is not a SET' });
});

t.test('escaping in the one-line text (RFC 4514)', async (t) => {
  const values = ['a, b', '#x', ' lead', 'trail ', 'q"<>;+\\'];
  const decoded = parseName(roundTrip(name(values.map((v) => ['2.5.4.10', Type.UTF8, Buffer.from(v)]))), 'subject');
  t.equal(decoded.text, 'O=a\\, b, O=\\#x, O=\\ lead, O=trail\\ , O=q\\"\\<\\>\\;\\+\\\\');
  t.strictSame(decoded.organizations, values);
});
